package dev.usersdk.auth.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP): the code of a 30-second time step,
 * and the check of a presented code against the steps around now. Authenticator apps implement
 * SHA-1, six digits and 30 seconds; the other hashes are here for the RFC's test vectors and for
 * hosts that choose them. Not API.
 */
final class Totp {
  /** RFC 6238's default time step, and every authenticator app's. */
  static final long STEP_SECONDS = 30;

  static final int DIGITS = 6;

  /** One step either side of now: a code typed just before its step ended, or a clock a bit off. */
  static final int WINDOW = 1;

  private static final int[] POWERS = {
    1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000
  };

  /** The HMAC a TOTP key is used with. */
  enum Algorithm {
    SHA1("HmacSHA1", "SHA1"),
    SHA256("HmacSHA256", "SHA256"),
    SHA512("HmacSHA512", "SHA512");

    private final String mac;

    /** The name in an {@code otpauth://} URI. */
    final String uriName;

    Algorithm(String mac, String uriName) {
      this.mac = mac;
      this.uriName = uriName;
    }
  }

  private Totp() {}

  /** The time step {@code at} falls in. */
  static long stepAt(Instant at) {
    return Math.floorDiv(at.getEpochSecond(), STEP_SECONDS);
  }

  /** The code of one step: RFC 4226's dynamic truncation of the HMAC of the step counter. */
  static String code(byte[] key, long step, Algorithm algorithm, int digits) {
    byte[] hash = hmac(algorithm, key, ByteBuffer.allocate(Long.BYTES).putLong(step).array());
    int offset = hash[hash.length - 1] & 0x0f;
    int binary =
        ((hash[offset] & 0x7f) << 24)
            | ((hash[offset + 1] & 0xff) << 16)
            | ((hash[offset + 2] & 0xff) << 8)
            | (hash[offset + 3] & 0xff);
    String code = Integer.toString(binary % POWERS[digits]);
    return "0".repeat(digits - code.length()) + code;
  }

  /**
   * The step, within {@link #WINDOW} of {@code now} and after {@code lastUsed}, whose code is
   * {@code presented}; empty if none. Every step of the window is computed and compared in constant
   * time, whatever matched, so the time taken does not tell which.
   */
  static OptionalLong matchingStep(
      byte[] key, String presented, Instant now, long lastUsed, Algorithm algorithm) {
    byte[] given = presented.getBytes(StandardCharsets.US_ASCII);
    long current = stepAt(now);
    long found = -1;
    for (long step = current - WINDOW; step <= current + WINDOW; step++) {
      boolean same =
          MessageDigest.isEqual(
              code(key, step, algorithm, DIGITS).getBytes(StandardCharsets.US_ASCII), given);
      if (same && step > lastUsed && found < 0) {
        found = step;
      }
    }
    return found < 0 ? OptionalLong.empty() : OptionalLong.of(found);
  }

  private static byte[] hmac(Algorithm algorithm, byte[] key, byte[] message) {
    try {
      Mac mac = Mac.getInstance(algorithm.mac);
      mac.init(new SecretKeySpec(key, algorithm.mac));
      return mac.doFinal(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm.mac + " is required of every Java platform", e);
    }
  }
}
