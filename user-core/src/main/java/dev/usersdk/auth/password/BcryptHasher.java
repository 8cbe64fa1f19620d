package dev.usersdk.auth.password;

import dev.usersdk.ValidationException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * bcrypt through BouncyCastle's {@link OpenBSDBCrypt}, writing {@code $2b$} and verifying {@code
 * $2a$}, {@code $2b$} and {@code $2y$} (identical for passwords of at most 72 bytes, which is all
 * this class accepts).
 */
final class BcryptHasher implements PasswordHasher, KnownFormat {
  static final int DEFAULT_COST = 12;

  /** OWASP: a work factor of 10 or more. */
  static final int MIN_COST = 10;

  /** Cheapest cost any implementation writes; older hashes at 4..9 still verify. */
  static final int MIN_VERIFY_COST = 4;

  /** 2^20 rounds take about a minute; a stored cost above this is corrupt or hostile. */
  static final int MAX_COST = 20;

  /** bcrypt ignores every byte after the 72nd; refusing is safer than truncating silently. */
  static final int MAX_PASSWORD_BYTES = 72;

  private static final String VERSION = "2b";
  private static final int SALT_BYTES = 16;
  private static final int PREFIX_LENGTH = 29; // "$2b$12$" + 22 salt characters
  private static final int LENGTH = 60;

  private final int cost;
  private final SecureRandom random;

  /** Trusts {@code cost}: {@link PasswordHashers} checks it and names the bad value. */
  BcryptHasher(int cost, SecureRandom random) {
    this.cost = cost;
    this.random = Objects.requireNonNull(random, "random");
  }

  @Override
  public String hash(Password password) {
    Objects.requireNonNull(password, "password");
    byte[] secret = Encodings.utf8(password);
    try {
      if (secret.length > MAX_PASSWORD_BYTES) {
        throw new ValidationException(
            "password",
            "password must be at most "
                + MAX_PASSWORD_BYTES
                + " bytes in UTF-8 to be hashed with bcrypt");
      }
      byte[] salt = new byte[SALT_BYTES];
      random.nextBytes(salt);
      return OpenBSDBCrypt.generate(VERSION, secret, salt, cost);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  @Override
  public boolean matches(Password password, String encoded) {
    Objects.requireNonNull(password, "password");
    return verify(password, encoded);
  }

  @Override
  public boolean needsRehash(String encoded) {
    return wellFormedCost(encoded) < cost;
  }

  @Override
  public boolean recognizes(String encoded) {
    return isBcrypt(encoded);
  }

  int cost() {
    return cost;
  }

  static boolean isBcrypt(String encoded) {
    return encoded != null
        && (encoded.startsWith("$2a$") || encoded.startsWith("$2b$") || encoded.startsWith("$2y$"));
  }

  static boolean verify(Password password, String encoded) {
    int storedCost = wellFormedCost(encoded);
    if (storedCost < 0) {
      return false;
    }
    byte[] salt = Encodings.bcryptSalt(encoded.substring(7, PREFIX_LENGTH));
    String stored = encoded.substring(PREFIX_LENGTH);
    byte[] secret = Encodings.utf8(password);
    try {
      if (secret.length > MAX_PASSWORD_BYTES) {
        // Such a password cannot have been hashed by hash(); bcrypt elsewhere would have
        // truncated it, and accepting a truncated match would be a silent surprise.
        return false;
      }
      String version = encoded.substring(1, 3);
      String derived = OpenBSDBCrypt.generate(version, secret, salt, storedCost);
      // constant-time: compare only the hash part, so a non-canonical last salt character in an
      // imported string does not make a correct password fail
      return MessageDigest.isEqual(
          derived.substring(PREFIX_LENGTH).getBytes(StandardCharsets.US_ASCII),
          stored.getBytes(StandardCharsets.US_ASCII));
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  /**
   * The cost of a well-formed bcrypt string whose cost we are willing to pay, or -1: right prefix,
   * 60 characters, a two-digit cost in bounds, and only bcrypt-base64 after it.
   */
  private static int wellFormedCost(String encoded) {
    if (!isBcrypt(encoded) || encoded.length() != LENGTH || encoded.charAt(6) != '$') {
      return -1;
    }
    char tens = encoded.charAt(4);
    char ones = encoded.charAt(5);
    if (tens < '0' || tens > '9' || ones < '0' || ones > '9') {
      return -1;
    }
    int cost = (tens - '0') * 10 + (ones - '0');
    if (cost < MIN_VERIFY_COST || cost > MAX_COST || !isBcryptBase64(encoded.substring(7))) {
      return -1;
    }
    return cost;
  }

  private static boolean isBcryptBase64(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean ok =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '/';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
