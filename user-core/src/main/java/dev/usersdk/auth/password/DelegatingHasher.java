package dev.usersdk.auth.password;

import java.util.Objects;

/**
 * Hashes with a primary hasher and verifies every format this package knows, so stored hashes from
 * an earlier algorithm keep working and are upgraded on the next successful login.
 */
final class DelegatingHasher implements PasswordHasher, KnownFormat {
  private final PasswordHasher primary;

  DelegatingHasher(PasswordHasher primary) {
    this.primary = Objects.requireNonNull(primary, "primary");
  }

  @Override
  public String hash(Password password) {
    return primary.hash(password);
  }

  @Override
  public boolean matches(Password password, String encoded) {
    Objects.requireNonNull(password, "password");
    // The primary's own format goes through the primary, so a bounded() primary stays bounded.
    if (KnownFormat.recognizedBy(primary, encoded)) {
      return primary.matches(password, encoded);
    }
    return BuiltInFormats.verify(password, encoded);
  }

  @Override
  public boolean needsRehash(String encoded) {
    return !KnownFormat.recognizedBy(primary, encoded) || primary.needsRehash(encoded);
  }

  @Override
  public boolean recognizes(String encoded) {
    return KnownFormat.recognizedBy(primary, encoded) || BuiltInFormats.recognizes(encoded);
  }
}
