package dev.usersdk.internal;

import dev.usersdk.auth.AuthConfig;
import dev.usersdk.spi.StoredCredentials;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Brute-force protection per account, after Keycloak's: failures are counted in a window; reaching
 * the limit locks the account, and every further failure in the window locks it again for twice as
 * long, up to a maximum. A successful login (or a password change) starts over.
 */
final class Lockout {
  private Lockout() {}

  static StoredCredentials recordFailure(StoredCredentials c, Instant now, AuthConfig config) {
    boolean windowOpen = c.windowStartedAt().map(start -> now.isBefore(start.plus(config.failureWindow()))).orElse(false);
    int failures = windowOpen ? c.failedAttempts() + 1 : 1;
    Instant windowStart = windowOpen ? c.windowStartedAt().get() : now;
    int lockouts = c.lockouts();
    Optional<Instant> lockedUntil = c.lockedUntil();
    if (failures >= config.maxFailedLogins()) {
      lockouts++;
      lockedUntil = Optional.of(now.plus(lockDuration(lockouts, config)));
    }
    return new StoredCredentials(c.userId(), c.passwordHash(), failures, Optional.of(windowStart), lockouts, lockedUntil, now);
  }

  static StoredCredentials cleared(StoredCredentials c, Instant now) {
    return StoredCredentials.of(c.userId(), c.passwordHash(), now);
  }

  /** first, 2 x first, 4 x first, ... capped at the maximum. */
  static Duration lockDuration(int lockouts, AuthConfig config) {
    Duration wait = config.firstLockout();
    for (int i = 1; i < lockouts && wait.compareTo(config.maxLockout()) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(config.maxLockout()) > 0 ? config.maxLockout() : wait;
  }
}
