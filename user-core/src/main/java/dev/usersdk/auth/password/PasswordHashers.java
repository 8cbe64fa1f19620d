package dev.usersdk.auth.password;

import dev.usersdk.ConfigurationException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;

/**
 * The front door to password hashing: static factories for {@link PasswordHasher}s.
 *
 * <pre>{@code
 * PasswordHasher hasher =
 *     PasswordHashers.bounded(PasswordHashers.defaults(), 4, Duration.ofSeconds(2));
 * String stored = hasher.hash(password);                 // $argon2id$v=19$m=19456,t=2,p=1$...
 * if (hasher.matches(attempt, stored) && hasher.needsRehash(stored)) {
 *   stored = hasher.hash(attempt);                       // upgrade bcrypt/pbkdf2/weaker argon2
 * }
 * }</pre>
 *
 * <p>Every hasher is immutable, thread-safe, salts with a {@link SecureRandom}, and writes a
 * self-describing string. Factories refuse parameters below the OWASP Password Storage Cheat Sheet
 * minimums with a {@link ConfigurationException} naming the value. Verification reads parameters
 * from the stored string but refuses (returns false for) values too expensive to be genuine, so a
 * corrupt or planted hash cannot exhaust memory: argon2 above 1 GiB, 64 iterations or 64 lanes;
 * bcrypt above cost 20; PBKDF2 above 10,000,000 iterations.
 */
public final class PasswordHashers {
  private static final SecureRandom RANDOM = new SecureRandom();

  private PasswordHashers() {}

  /**
   * Argon2id at the OWASP minimum: 19 MiB (m=19456 KiB), 2 iterations, 1 lane, 16-byte salt,
   * 32-byte hash, written as the standard PHC string {@code
   * $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>} (base64 without padding), the format of the
   * reference {@code argon2} tool and of Spring Security's {@code Argon2PasswordEncoder}. {@code
   * matches} verifies argon2id, argon2i and argon2d PHC strings with their stored parameters;
   * {@code needsRehash} is true for anything that is not argon2id v=19 at or above this hasher's m,
   * t and p (and salt and hash lengths).
   */
  public static PasswordHasher argon2id() {
    return new Argon2Hasher(
        Argon2Hasher.MIN_MEMORY_KIB,
        Argon2Hasher.MIN_ITERATIONS,
        Argon2Hasher.MIN_PARALLELISM,
        RANDOM);
  }

  /**
   * Argon2id with custom costs, each at least the OWASP minimum ({@code memoryKib >= 19456}, {@code
   * iterations >= 2}, {@code parallelism >= 1}) and at most 1 GiB, 64 and 64.
   *
   * @throws ConfigurationException naming the value that is out of range
   */
  public static PasswordHasher argon2id(int memoryKib, int iterations, int parallelism) {
    requireRange(
        "argon2id memoryKib", memoryKib, Argon2Hasher.MIN_MEMORY_KIB, Argon2Hasher.MAX_MEMORY_KIB);
    requireRange(
        "argon2id iterations",
        iterations,
        Argon2Hasher.MIN_ITERATIONS,
        Argon2Hasher.MAX_ITERATIONS);
    requireRange(
        "argon2id parallelism",
        parallelism,
        Argon2Hasher.MIN_PARALLELISM,
        Argon2Hasher.MAX_PARALLELISM);
    if (memoryKib < 8 * parallelism) {
      throw new ConfigurationException(
          "argon2id memoryKib must be at least 8 x parallelism ("
              + 8 * parallelism
              + "), was "
              + memoryKib);
    }
    return new Argon2Hasher(memoryKib, iterations, parallelism, RANDOM);
  }

  /**
   * FOR TEST SUITES ONLY: Argon2id with cheap parameters (one lane, {@code memoryKib >= 8}, {@code
   * iterations >= 1}), so a suite that registers hundreds of users stays fast. The output is a
   * normal, verifiable argon2id PHC string, but it is weak: production code must never use this
   * factory. A production hasher reports these hashes as {@code needsRehash}.
   *
   * @throws ConfigurationException naming the value that is out of range
   */
  public static PasswordHasher argon2idForTestsOnly(int memoryKib, int iterations) {
    requireRange("argon2id memoryKib", memoryKib, 8, Argon2Hasher.MAX_MEMORY_KIB);
    requireRange("argon2id iterations", iterations, 1, Argon2Hasher.MAX_ITERATIONS);
    return new Argon2Hasher(memoryKib, iterations, 1, RANDOM);
  }

  /** bcrypt at cost 12, written as {@code $2b$}. See {@link #bcrypt(int)}. */
  public static PasswordHasher bcrypt() {
    return bcrypt(BcryptHasher.DEFAULT_COST);
  }

  /**
   * bcrypt at the given cost (10 to 20; OWASP asks for at least 10), written as {@code $2b$};
   * {@code matches} verifies {@code $2a$}, {@code $2b$} and {@code $2y$} at costs 4 to 20.
   *
   * <p>bcrypt reads only the first 72 bytes of a password. Rather than truncate silently, {@code
   * hash} throws a {@link dev.usersdk.ValidationException} (field {@code "password"}) for a
   * password whose UTF-8 encoding is longer, and {@code matches} returns false for one. Note that
   * 128 code points (the default policy's maximum) can be far more than 72 bytes; prefer {@link
   * #argon2id()}. {@code needsRehash} is true for anything that is not bcrypt at this cost or more.
   *
   * @throws ConfigurationException if {@code cost} is outside 10..20
   */
  public static PasswordHasher bcrypt(int cost) {
    requireRange("bcrypt cost", cost, BcryptHasher.MIN_COST, BcryptHasher.MAX_COST);
    return new BcryptHasher(cost, RANDOM);
  }

  /**
   * PBKDF2-HMAC-SHA256 with 600,000 iterations (OWASP), a 16-byte salt and a 32-byte key, written
   * in passlib's format {@code $pbkdf2-sha256$600000$<salt>$<hash>} ("adapted base64": '.' for '+',
   * no padding). {@code matches} also verifies passlib's {@code $pbkdf2$} (SHA-1) and {@code
   * $pbkdf2-sha512$}, and Django's {@code pbkdf2_sha256$...} and {@code pbkdf2_sha1$...}. The
   * password is encoded as UTF-8. {@code needsRehash} is true for anything that is not passlib
   * pbkdf2-sha256 with at least as many iterations.
   */
  public static PasswordHasher pbkdf2() {
    return new Pbkdf2Hasher(Pbkdf2Hasher.DEFAULT_ITERATIONS, RANDOM);
  }

  /**
   * What a new application should use: hashes with {@link #argon2id()}, verifies every format of
   * this class (argon2 PHC, bcrypt, passlib and Django PBKDF2) by its prefix, and reports {@code
   * needsRehash} for anything that is not argon2id at or above the current parameters. Equivalent
   * to {@code delegating(argon2id())}.
   */
  /**
   * Whether {@code hasher} can verify {@code encoded}: its format is one the hasher (or, for {@link
   * #defaults()} and {@link #delegating}, one of the built-in formats) knows. For checking hashes
   * moved in from another system before they are stored.
   */
  public static boolean recognizes(PasswordHasher hasher, String encoded) {
    return KnownFormat.recognizedBy(hasher, encoded);
  }

  public static PasswordHasher defaults() {
    return delegating(argon2id());
  }

  /**
   * Hashes with {@code primary} and verifies both the primary's format and every format of this
   * class, so stored hashes can migrate one successful login at a time. A string in the primary's
   * format is verified by the primary (so a {@link #bounded} primary stays bounded); any other
   * known format by its built-in verifier. {@code needsRehash} is true when the string is not in
   * the primary's format, else it is {@code primary.needsRehash(encoded)}.
   *
   * <p>A primary from outside this package cannot say which strings are its own; it is taken to own
   * every string that none of the built-in formats claims.
   */
  public static PasswordHasher delegating(PasswordHasher primary) {
    return new DelegatingHasher(Objects.requireNonNull(primary, "primary"));
  }

  /**
   * Lets at most {@code maxConcurrent} {@code hash}/{@code matches} calls of {@code hasher} run at
   * once; further callers queue in arrival order (a fair semaphore) and, after waiting {@code
   * maxWait}, get a {@link PasswordHashingBusyException} ({@code retryable() == true}) instead of a
   * result. An interrupted waiter gets the same exception with its interrupt flag restored. {@code
   * needsRehash} is not bounded: it hashes nothing.
   *
   * <p>Why: argon2id allocates its memory cost (19 MiB at the defaults) on every call, so a login
   * flood without a bound can exhaust the heap. A good {@code maxConcurrent} is about the number of
   * cores; wrap the delegating hasher ({@code bounded(defaults(), ...)}) so that legacy formats are
   * bounded too.
   *
   * @throws ConfigurationException if {@code maxConcurrent < 1} or {@code maxWait} is negative
   */
  public static PasswordHasher bounded(PasswordHasher hasher, int maxConcurrent, Duration maxWait) {
    Objects.requireNonNull(hasher, "hasher");
    Objects.requireNonNull(maxWait, "maxWait");
    if (maxConcurrent < 1) {
      throw new ConfigurationException(
          "password hashing maxConcurrent must be at least 1, was " + maxConcurrent);
    }
    if (maxWait.isNegative()) {
      throw new ConfigurationException(
          "password hashing maxWait must not be negative, was " + maxWait);
    }
    return new BoundedHasher(hasher, maxConcurrent, maxWait);
  }

  private static void requireRange(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new ConfigurationException(
          name + " must be between " + min + " and " + max + ", was " + value);
    }
  }
}
