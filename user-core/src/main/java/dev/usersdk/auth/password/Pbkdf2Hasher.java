package dev.usersdk.auth.password;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Supplier;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * PBKDF2 through BouncyCastle (byte-exact UTF-8 input, unlike a {@code char[]}-based JCA provider).
 * Writes passlib's {@code $pbkdf2-sha256$<rounds>$<salt ab64>$<hash ab64>}; verifies passlib's
 * {@code $pbkdf2$} (SHA-1), {@code $pbkdf2-sha256$} and {@code $pbkdf2-sha512$}, and Django's
 * {@code pbkdf2_sha256$<iterations>$<salt>$<hash b64>} and {@code pbkdf2_sha1$...}, whose salt is
 * the UTF-8 string itself.
 */
final class Pbkdf2Hasher implements PasswordHasher, KnownFormat {
  /** OWASP Password Storage Cheat Sheet, PBKDF2-HMAC-SHA256. */
  static final int DEFAULT_ITERATIONS = 600_000;

  /** A stored count above this is corrupt or hostile (roughly ten seconds of work). */
  static final int MAX_ITERATIONS = 10_000_000;

  static final int SALT_BYTES = 16;
  static final int HASH_BYTES = 32;
  private static final int MAX_SALT_BYTES = 256;
  private static final int MIN_HASH_BYTES = 16;
  private static final int MAX_HASH_BYTES = 128;

  private static final String PASSLIB_SHA256 = "pbkdf2-sha256";

  // The suppliers are constructor references: stateless, so the constants are immutable in fact.
  @SuppressWarnings("ImmutableEnumChecker")
  private enum Prf {
    SHA1(SHA1Digest::new),
    SHA256(SHA256Digest::new),
    SHA512(SHA512Digest::new);

    private final Supplier<Digest> digest;

    Prf(Supplier<Digest> digest) {
      this.digest = digest;
    }
  }

  private final int iterations;
  private final SecureRandom random;

  /** Trusts {@code iterations}: only {@link PasswordHashers} and tests construct this. */
  Pbkdf2Hasher(int iterations, SecureRandom random) {
    this.iterations = iterations;
    this.random = Objects.requireNonNull(random, "random");
  }

  @Override
  public String hash(Password password) {
    Objects.requireNonNull(password, "password");
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] hash = derive(Prf.SHA256, password, salt, iterations, HASH_BYTES);
    return "$"
        + PASSLIB_SHA256
        + "$"
        + iterations
        + "$"
        + Encodings.ab64(salt)
        + "$"
        + Encodings.ab64(hash);
  }

  @Override
  public boolean matches(Password password, String encoded) {
    Objects.requireNonNull(password, "password");
    return verify(password, encoded);
  }

  @Override
  public boolean needsRehash(String encoded) {
    Parsed parsed = Parsed.parse(encoded);
    return parsed == null
        || !parsed.passlibSha256
        || parsed.iterations < iterations
        || parsed.salt.length < SALT_BYTES
        || parsed.hash.length < HASH_BYTES;
  }

  @Override
  public boolean recognizes(String encoded) {
    return isPbkdf2(encoded);
  }

  int iterations() {
    return iterations;
  }

  static boolean isPbkdf2(String encoded) {
    return encoded != null
        && (encoded.startsWith("$pbkdf2$")
            || encoded.startsWith("$pbkdf2-sha256$")
            || encoded.startsWith("$pbkdf2-sha512$")
            || encoded.startsWith("pbkdf2_sha256$")
            || encoded.startsWith("pbkdf2_sha1$"));
  }

  static boolean verify(Password password, String encoded) {
    Parsed parsed = Parsed.parse(encoded);
    if (parsed == null) {
      return false;
    }
    byte[] derived =
        derive(parsed.prf, password, parsed.salt, parsed.iterations, parsed.hash.length);
    // constant-time: an early exit would leak by timing how much of the hash matched
    return MessageDigest.isEqual(derived, parsed.hash);
  }

  private static byte[] derive(
      Prf prf, Password password, byte[] salt, int iterations, int length) {
    byte[] secret = Encodings.utf8(password);
    try {
      PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(prf.digest.get());
      generator.init(secret, salt, iterations);
      return ((KeyParameter) generator.generateDerivedParameters(length * 8)).getKey();
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  private static final class Parsed {
    final Prf prf;
    final boolean passlibSha256;
    final int iterations;
    final byte[] salt;
    final byte[] hash;

    private Parsed(Prf prf, boolean passlibSha256, int iterations, byte[] salt, byte[] hash) {
      this.prf = prf;
      this.passlibSha256 = passlibSha256;
      this.iterations = iterations;
      this.salt = salt;
      this.hash = hash;
    }

    static Parsed parse(String encoded) {
      String[] f = Encodings.fields(encoded);
      if (f == null) {
        return null;
      }
      if (f.length == 5 && f[0].isEmpty()) {
        return passlib(f);
      }
      if (f.length == 4) {
        return django(f);
      }
      return null;
    }

    /** {@code $pbkdf2[-sha256|-sha512]$<rounds>$<salt ab64>$<hash ab64>}. */
    private static Parsed passlib(String[] f) {
      Prf prf =
          switch (f[1]) {
            case "pbkdf2" -> Prf.SHA1;
            case PASSLIB_SHA256 -> Prf.SHA256;
            case "pbkdf2-sha512" -> Prf.SHA512;
            default -> null;
          };
      if (prf == null) {
        return null;
      }
      int rounds = Encodings.boundedInt(f[2], 1, MAX_ITERATIONS);
      byte[] salt = f[3].isEmpty() ? null : Encodings.unab64(f[3]);
      byte[] hash = Encodings.unab64(f[4]);
      return checked(prf, prf == Prf.SHA256, rounds, salt, hash);
    }

    /** {@code pbkdf2_sha256$<iterations>$<salt text>$<hash b64 padded>}. */
    private static Parsed django(String[] f) {
      Prf prf =
          switch (f[0]) {
            case "pbkdf2_sha256" -> Prf.SHA256;
            case "pbkdf2_sha1" -> Prf.SHA1;
            default -> null;
          };
      if (prf == null) {
        return null;
      }
      int iterations = Encodings.boundedInt(f[1], 1, MAX_ITERATIONS);
      // Django uses the salt string itself as the PBKDF2 salt, not its decoding.
      byte[] salt = f[2].isEmpty() ? null : f[2].getBytes(StandardCharsets.UTF_8);
      byte[] hash = Encodings.unb64(f[3], true);
      return checked(prf, false, iterations, salt, hash);
    }

    private static Parsed checked(
        Prf prf, boolean passlibSha256, int iterations, byte[] salt, byte[] hash) {
      if (iterations < 0
          || salt == null
          || salt.length > MAX_SALT_BYTES
          || hash == null
          || hash.length < MIN_HASH_BYTES
          || hash.length > MAX_HASH_BYTES) {
        return null;
      }
      return new Parsed(prf, passlibSha256, iterations, salt, hash);
    }
  }
}
