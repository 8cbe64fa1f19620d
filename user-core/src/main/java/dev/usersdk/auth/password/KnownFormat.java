package dev.usersdk.auth.password;

/**
 * Implemented by the hashers of this package so that a delegating hasher can tell which stored
 * strings its primary owns. Not API: a foreign {@link PasswordHasher} cannot say, and {@link
 * #recognizedBy} falls back to "everything the built-in formats do not claim".
 */
interface KnownFormat {

  /** Whether {@code encoded} is in a format this hasher verifies, well formed or not. */
  boolean recognizes(String encoded);

  static boolean recognizedBy(PasswordHasher hasher, String encoded) {
    if (encoded == null) {
      return false;
    }
    if (hasher instanceof KnownFormat known) {
      return known.recognizes(encoded);
    }
    return !BuiltInFormats.recognizes(encoded);
  }
}
