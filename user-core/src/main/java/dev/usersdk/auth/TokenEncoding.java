package dev.usersdk.auth;

/**
 * The one spelling a signed token (JWS compact serialization) is accepted in: exactly three parts,
 * each non-empty base64url without padding, no character outside the alphabet, no whitespace and no
 * spare bits set in a part's last character. Base64 decoders are lenient about all of these, so one
 * token has many spellings that verify; a host that caches, logs or blocks tokens by their text
 * would be bypassed by another. usersdk checks its own tokens with this, and so does {@code
 * user-auth0}; an {@link Authenticator} for another issuer should too.
 */
public final class TokenEncoding {
  private TokenEncoding() {}

  /**
   * Refuses a token not in canonical compact form.
   *
   * @throws InvalidTokenException if it is not
   */
  public static void requireCanonical(String token) {
    if (!isCanonical(token)) {
      throw new InvalidTokenException("malformed token: not in canonical compact encoding");
    }
  }

  /** Whether the token is three canonical base64url parts joined by dots. */
  public static boolean isCanonical(String token) {
    int start = 0;
    for (int part = 0; part < 3; part++) {
      int end = part < 2 ? token.indexOf('.', start) : token.length();
      if (end < 0 || !canonicalPart(token, start, end)) {
        return false;
      }
      start = end + 1;
    }
    return true;
  }

  private static boolean canonicalPart(String token, int start, int end) {
    int length = end - start;
    if (length == 0 || length % 4 == 1) {
      return false; // empty, or a length no base64 encoding has
    }
    for (int i = start; i < end; i++) {
      if (value(token.charAt(i)) < 0) {
        return false; // outside the alphabet: '.', '=', '+', '/', whitespace ...
      }
    }
    // The bits of the last character beyond the encoded bytes must be zero: 4 of them when two
    // characters encode one byte, 2 when three encode two.
    int last = value(token.charAt(end - 1));
    return switch (length % 4) {
      case 2 -> (last & 0x0F) == 0;
      case 3 -> (last & 0x03) == 0;
      default -> true;
    };
  }

  private static int value(char c) {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    }
    if (c == '-') {
      return 62;
    }
    return c == '_' ? 63 : -1;
  }
}
