package dev.usersdk.auth.password;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Parsing and formatting shared by the hashers. Every parse method returns {@code null} or {@code
 * -1} for bad input instead of throwing, because {@link PasswordHasher#matches} must answer false
 * for anything malformed.
 */
final class Encodings {
  /** Longer than any encoding the hashers accept; cheap refusal before splitting garbage. */
  static final int MAX_ENCODED_LENGTH = 512;

  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64_DECODER = Base64.getDecoder();
  private static final String BCRYPT_ALPHABET =
      "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private Encodings() {}

  /** The password as UTF-8; callers wipe the array when done. */
  static byte[] utf8(Password password) {
    return password.reveal().getBytes(StandardCharsets.UTF_8);
  }

  /** Splits on '$' keeping empty fields, or null when the string is null or absurdly long. */
  static String[] fields(String encoded) {
    if (encoded == null || encoded.isEmpty() || encoded.length() > MAX_ENCODED_LENGTH) {
      return null;
    }
    return encoded.split("\\$", -1);
  }

  /** Standard base64 without padding, as PHC strings use. */
  static String b64(byte[] bytes) {
    return B64.encodeToString(bytes);
  }

  /**
   * Decodes standard base64; padding is accepted only when {@code allowPadding} (Django writes it,
   * PHC strings must not). Returns null for anything else.
   */
  static byte[] unb64(String text, boolean allowPadding) {
    String body = text;
    if (allowPadding && body.endsWith("=")) {
      if (body.length() % 4 != 0) {
        return null;
      }
      body = body.substring(0, body.length() - (body.endsWith("==") ? 2 : 1));
    }
    if (body.isEmpty() || body.length() % 4 == 1) {
      return null;
    }
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      boolean ok =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '+'
              || c == '/';
      if (!ok) {
        return null;
      }
    }
    try {
      return B64_DECODER.decode(body);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** passlib's "adapted base64": standard alphabet with '.' for '+', no padding. */
  static String ab64(byte[] bytes) {
    return B64.encodeToString(bytes).replace('+', '.');
  }

  static byte[] unab64(String text) {
    if (text.indexOf('+') >= 0) {
      return null;
    }
    return unb64(text.replace('.', '+'), false);
  }

  /**
   * Decodes the 22-character salt of a bcrypt string (bcrypt's own base64 alphabet) into its 16
   * bytes, or null.
   */
  static byte[] bcryptSalt(String text) {
    if (text.length() != 22) {
      return null;
    }
    byte[] out = new byte[16];
    int bits = 0;
    int buffer = 0;
    int written = 0;
    for (int i = 0; i < text.length(); i++) {
      int value = BCRYPT_ALPHABET.indexOf(text.charAt(i));
      if (value < 0) {
        return null;
      }
      buffer = (buffer << 6) | value;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        if (written < out.length) {
          out[written++] = (byte) (buffer >>> bits);
        }
        buffer &= (1 << bits) - 1;
      }
    }
    return out;
  }

  /**
   * Parses a plain decimal (no sign, no leading zeros except "0") within {@code [min, max]}, or
   * returns -1. Bounds are checked before any arithmetic can overflow.
   */
  static int boundedInt(String text, int min, int max) {
    if (text == null || text.isEmpty() || text.length() > 10) {
      return -1;
    }
    if (text.length() > 1 && text.charAt(0) == '0') {
      return -1;
    }
    long value = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value >= min && value <= max ? (int) value : -1;
  }
}
