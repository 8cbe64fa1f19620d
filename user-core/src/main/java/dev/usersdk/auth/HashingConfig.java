package dev.usersdk.auth;

import java.time.Duration;

/**
 * How much password hashing may run at once. Part of {@link AuthConfig}.
 *
 * @param maxConcurrentHashes how many password hashes may run at once (each Argon2id hash takes 19
 *     MiB), 1 to 1,024
 * @param maxWait how long a login waits for a hashing slot before a retryable failure, at most 5
 *     minutes
 */
public record HashingConfig(int maxConcurrentHashes, Duration maxWait) {

  /** As many hashes as cores (at least 2); 5 seconds of waiting. */
  public static HashingConfig defaults() {
    return new HashingConfig(
        Math.max(2, Runtime.getRuntime().availableProcessors()), Duration.ofSeconds(5));
  }

  public HashingConfig withMaxConcurrentHashes(int value) {
    return new HashingConfig(value, maxWait);
  }

  public HashingConfig withMaxWait(Duration value) {
    return new HashingConfig(maxConcurrentHashes, value);
  }

  void check() {
    ConfigChecks.requireCount(maxConcurrentHashes, "maxConcurrentHashes", 1024);
    ConfigChecks.requirePositive(maxWait, "hashingWait", Duration.ofMinutes(5));
  }
}
