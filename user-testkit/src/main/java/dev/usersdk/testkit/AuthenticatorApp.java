package dev.usersdk.testkit;

import dev.usersdk.auth.TotpEnrolment;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A phone's authenticator app for tests: reads an enrolment's key and shows the six-digit code of
 * any instant (RFC 6238 with SHA-1 and 30-second steps, written here on its own, so a test checks
 * usersdk against a second implementation of the RFC).
 *
 * <pre>{@code
 * TotpEnrolment enrolment = client.auth().secondFactors().enrolTotp(ann.id(), "ann@example.com");
 * AuthenticatorApp app = AuthenticatorApp.scan(enrolment);
 * client.auth().secondFactors().confirmTotp(ann.id(), app.codeAt(clock.instant()));
 * }</pre>
 */
public final class AuthenticatorApp {
  private final byte[] key;

  private AuthenticatorApp(byte[] key) {
    this.key = key;
  }

  /** The app after scanning the enrolment's QR code (its key, in base 32). */
  public static AuthenticatorApp scan(TotpEnrolment enrolment) {
    return new AuthenticatorApp(base32(enrolment.secret()));
  }

  /** The code the app shows at {@code at}. */
  public String codeAt(Instant at) {
    return codeOfStep(Math.floorDiv(at.getEpochSecond(), 30));
  }

  /** The code of one 30-second time step. */
  public String codeOfStep(long step) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(key, "HmacSHA1"));
      byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
      int offset = hash[hash.length - 1] & 0xf;
      int value = ByteBuffer.wrap(hash, offset, 4).getInt() & 0x7fffffff;
      return String.format(Locale.ROOT, "%06d", value % 1_000_000);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A wrong code for {@code at}: right length, not the app's code of that step or its neighbours.
   */
  public String wrongCodeAt(Instant at) {
    long step = Math.floorDiv(at.getEpochSecond(), 30);
    for (int candidate = 0; ; candidate++) {
      String code = String.format(Locale.ROOT, "%06d", candidate);
      if (!code.equals(codeOfStep(step - 1))
          && !code.equals(codeOfStep(step))
          && !code.equals(codeOfStep(step + 1))) {
        return code;
      }
    }
  }

  private static byte[] base32(String text) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    ByteBuffer out = ByteBuffer.allocate(text.length() * 5 / 8);
    int buffer = 0;
    int bits = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      int value = alphabet.indexOf(c);
      if (value < 0) {
        throw new IllegalArgumentException("not base 32: " + c);
      }
      buffer = (buffer << 5) | value;
      bits += 5;
      if (bits >= 8) {
        out.put((byte) (buffer >>> (bits - 8)));
        bits -= 8;
      }
    }
    return out.array();
  }
}
