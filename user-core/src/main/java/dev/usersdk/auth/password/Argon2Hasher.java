package dev.usersdk.auth.password;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id (RFC 9106) through BouncyCastle, encoded as the PHC string of the reference
 * implementation: {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}, base64 without padding.
 * Verifies argon2id, argon2i and argon2d strings (v=19, and v=16 written without the v= field).
 */
final class Argon2Hasher implements PasswordHasher, KnownFormat {
  /** OWASP Password Storage Cheat Sheet minimum for Argon2id. */
  static final int MIN_MEMORY_KIB = 19_456;

  static final int MIN_ITERATIONS = 2;
  static final int MIN_PARALLELISM = 1;

  // Upper bounds for anything we hash or verify. A stored string is data, and data can be
  // corrupt or hostile: m=2^31 would try to allocate 2 TiB before failing.
  static final int MAX_MEMORY_KIB = 1 << 20; // 1 GiB
  static final int MAX_ITERATIONS = 64;
  static final int MAX_PARALLELISM = 64;

  static final int SALT_BYTES = 16;
  static final int HASH_BYTES = 32;
  private static final int MIN_SALT_BYTES = 8; // RFC 9106 minimum
  private static final int MAX_SALT_BYTES = 64;
  private static final int MIN_HASH_BYTES = 4; // RFC 9106 minimum
  private static final int MAX_HASH_BYTES = 128;

  private final int memoryKib;
  private final int iterations;
  private final int parallelism;
  private final SecureRandom random;

  /** Trusts its arguments: {@link PasswordHashers} checks them and names the bad value. */
  Argon2Hasher(int memoryKib, int iterations, int parallelism, SecureRandom random) {
    this.memoryKib = memoryKib;
    this.iterations = iterations;
    this.parallelism = parallelism;
    this.random = Objects.requireNonNull(random, "random");
  }

  @Override
  public String hash(Password password) {
    Objects.requireNonNull(password, "password");
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    Phc phc =
        new Phc(
            Argon2Parameters.ARGON2_id,
            Argon2Parameters.ARGON2_VERSION_13,
            memoryKib,
            iterations,
            parallelism,
            salt,
            null);
    byte[] hash = derive(phc, password, HASH_BYTES);
    return "$argon2id$v=19$m="
        + memoryKib
        + ",t="
        + iterations
        + ",p="
        + parallelism
        + "$"
        + Encodings.b64(salt)
        + "$"
        + Encodings.b64(hash);
  }

  @Override
  public boolean matches(Password password, String encoded) {
    Objects.requireNonNull(password, "password");
    return verify(password, encoded);
  }

  @Override
  public boolean needsRehash(String encoded) {
    Phc phc = Phc.parse(encoded);
    return phc == null
        || phc.type != Argon2Parameters.ARGON2_id
        || phc.version < Argon2Parameters.ARGON2_VERSION_13
        || phc.memoryKib < memoryKib
        || phc.iterations < iterations
        || phc.parallelism < parallelism
        || phc.salt.length < SALT_BYTES
        || phc.hash.length < HASH_BYTES;
  }

  @Override
  public boolean recognizes(String encoded) {
    return isArgon2(encoded);
  }

  int memoryKib() {
    return memoryKib;
  }

  int iterations() {
    return iterations;
  }

  int parallelism() {
    return parallelism;
  }

  static boolean isArgon2(String encoded) {
    return encoded != null
        && (encoded.startsWith("$argon2id$")
            || encoded.startsWith("$argon2i$")
            || encoded.startsWith("$argon2d$"));
  }

  /** Verifies any argon2 PHC string with its own stored parameters. */
  static boolean verify(Password password, String encoded) {
    Phc phc = Phc.parse(encoded);
    if (phc == null) {
      return false;
    }
    byte[] derived = derive(phc, password, phc.hash.length);
    // constant-time: an early exit would leak by timing how much of the hash matched
    return MessageDigest.isEqual(derived, phc.hash);
  }

  private static byte[] derive(Phc phc, Password password, int length) {
    Argon2Parameters params =
        new Argon2Parameters.Builder(phc.type)
            .withVersion(phc.version)
            .withMemoryAsKB(phc.memoryKib)
            .withIterations(phc.iterations)
            .withParallelism(phc.parallelism)
            .withSalt(phc.salt)
            .build();
    byte[] secret = Encodings.utf8(password);
    try {
      return derive(params, secret, length);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  /** The raw Argon2 function; package-private so tests can run RFC 9106 vectors (secret, ad). */
  static byte[] derive(Argon2Parameters params, byte[] password, int length) {
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(params);
    byte[] out = new byte[length];
    generator.generateBytes(password, out);
    return out;
  }

  /** A parsed PHC string; {@link #parse} returns null for anything malformed or out of bounds. */
  static final class Phc {
    final int type;
    final int version;
    final int memoryKib;
    final int iterations;
    final int parallelism;
    final byte[] salt;
    final byte[] hash;

    Phc(
        int type,
        int version,
        int memoryKib,
        int iterations,
        int parallelism,
        byte[] salt,
        byte[] hash) {
      this.type = type;
      this.version = version;
      this.memoryKib = memoryKib;
      this.iterations = iterations;
      this.parallelism = parallelism;
      this.salt = salt;
      this.hash = hash;
    }

    static Phc parse(String encoded) {
      String[] f = Encodings.fields(encoded);
      // "$argon2id$v=19$m=..,t=..,p=..$salt$hash" -> 6 fields; v1.0 strings omit "v=" -> 5
      if (f == null || (f.length != 5 && f.length != 6) || !f[0].isEmpty()) {
        return null;
      }
      int type =
          switch (f[1]) {
            case "argon2id" -> Argon2Parameters.ARGON2_id;
            case "argon2i" -> Argon2Parameters.ARGON2_i;
            case "argon2d" -> Argon2Parameters.ARGON2_d;
            default -> -1;
          };
      if (type < 0) {
        return null;
      }
      int next = 2;
      int version = Argon2Parameters.ARGON2_VERSION_10;
      if (f.length == 6) {
        if (!f[2].startsWith("v=")) {
          return null;
        }
        version = Encodings.boundedInt(f[2].substring(2), 0, 0xff);
        if (version != Argon2Parameters.ARGON2_VERSION_10
            && version != Argon2Parameters.ARGON2_VERSION_13) {
          return null;
        }
        next = 3;
      }
      // The reference encoder writes exactly m, t, p in this order; anything else is refused.
      String[] params = f[next].split(",", -1);
      if (params.length != 3
          || !params[0].startsWith("m=")
          || !params[1].startsWith("t=")
          || !params[2].startsWith("p=")) {
        return null;
      }
      int memory = Encodings.boundedInt(params[0].substring(2), 1, MAX_MEMORY_KIB);
      int iterations = Encodings.boundedInt(params[1].substring(2), 1, MAX_ITERATIONS);
      int parallelism = Encodings.boundedInt(params[2].substring(2), 1, MAX_PARALLELISM);
      if (memory < 0 || iterations < 0 || parallelism < 0 || memory < 8 * parallelism) {
        return null;
      }
      byte[] salt = Encodings.unb64(f[next + 1], false);
      byte[] hash = Encodings.unb64(f[next + 2], false);
      if (salt == null
          || salt.length < MIN_SALT_BYTES
          || salt.length > MAX_SALT_BYTES
          || hash == null
          || hash.length < MIN_HASH_BYTES
          || hash.length > MAX_HASH_BYTES) {
        return null;
      }
      return new Phc(type, version, memory, iterations, parallelism, salt, hash);
    }
  }
}
