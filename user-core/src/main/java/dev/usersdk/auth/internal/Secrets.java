package dev.usersdk.auth.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Random tokens and codes, and the hashes they are stored under. Not API. */
final class Secrets {
  private static final int TOKEN_BYTES = 32; // 256 bits

  /** Opaque tokens are 43 characters; anything much longer is not ours and is refused unhashed. */
  static final int MAX_OPAQUE_TOKEN_LENGTH = 128;

  private static final HexFormat HEX = HexFormat.of();

  private static final byte[] CODE_KEY_LABEL =
      "usersdk registration codes".getBytes(StandardCharsets.UTF_8);

  private final Random random;
  private final byte[] codeKey;
  private final List<byte[]> previousCodeKeys;

  /**
   * Codes are hashed with a key derived from the client's JWT secret, so a leaked table of 6-digit
   * code hashes cannot be reversed by trying all million codes; a code hashed under a key retired
   * by a rotation still matches.
   *
   * @param random a cryptographically strong source outside tests
   * @param secret the client's current JWT secret
   * @param previous the secrets retired by a rotation
   */
  Secrets(Random random, byte[] secret, List<byte[]> previous) {
    this.random = random;
    this.codeKey = hmac(secret, CODE_KEY_LABEL);
    this.previousCodeKeys = previous.stream().map(old -> hmac(old, CODE_KEY_LABEL)).toList();
  }

  /** An opaque 256-bit token, URL-safe. */
  String newToken() {
    byte[] bytes = newBytes(TOKEN_BYTES);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** {@code count} random bytes. */
  byte[] newBytes(int count) {
    byte[] bytes = new byte[count];
    synchronized (random) { // java.util.Random subclasses are not all thread-safe
      random.nextBytes(bytes);
    }
    return bytes;
  }

  /** A 6-digit code, uniformly distributed. */
  String newCode() {
    int code;
    synchronized (random) {
      code = random.nextInt(1_000_000);
    }
    return String.format("%06d", code);
  }

  /**
   * How a 256-bit token is stored: SHA-256 suffices for values that cannot be guessed, and lets the
   * store look a token up by its hash.
   */
  static String tokenHash(String token) {
    try {
      return HEX.formatHex(
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  /** How a code is stored: keyed, since a million guesses are cheap. */
  String codeHash(String code) {
    return HEX.formatHex(hmac(codeKey, code.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Whether {@code code} is the one stored as {@code storedHash}, under the current or a retired
   * key.
   */
  boolean codeMatches(String code, String storedHash) {
    boolean matches = sameHash(storedHash, codeHash(code));
    for (byte[] key : previousCodeKeys) {
      // every key is tried, whatever matched: the time taken does not tell which key it was
      matches |=
          sameHash(storedHash, HEX.formatHex(hmac(key, code.getBytes(StandardCharsets.UTF_8))));
    }
    return matches;
  }

  /** Compares two stored hashes in constant time. */
  static boolean sameHash(String expected, String actual) {
    // constant-time: an early exit would leak how much of the hash matched
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.US_ASCII), actual.getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
    }
  }
}
