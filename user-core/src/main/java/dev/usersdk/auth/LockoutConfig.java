package dev.usersdk.auth;

import dev.usersdk.ConfigurationException;
import java.time.Duration;

/**
 * Brute-force protection per account, after Keycloak's: {@code maxFailedLogins} wrong passwords
 * within {@code failureWindow} lock the account for {@code firstLockout}; each further lockout in
 * the window doubles, up to {@code maxLockout}. Part of {@link AuthConfig}.
 *
 * @param maxFailedLogins wrong passwords within the window that lock the account (1 to 1,000)
 * @param failureWindow how long failures are counted together, at most a day
 * @param firstLockout the first lockout's length, at most a day
 * @param maxLockout the longest lockout, at most 30 days
 * @param revealRetryAfter whether a locked account's {@link InvalidCredentialsException} tells when
 *     to retry
 * @param attemptRetention how long login attempts are kept, at most 3,650 days
 */
public record LockoutConfig(
    int maxFailedLogins,
    Duration failureWindow,
    Duration firstLockout,
    Duration maxLockout,
    boolean revealRetryAfter,
    Duration attemptRetention) {

  /**
   * 10 failures in 15 minutes; 1 minute, doubling up to 15; retry time not revealed; attempts kept
   * 90 days.
   */
  public static LockoutConfig defaults() {
    return new LockoutConfig(
        10,
        Duration.ofMinutes(15),
        Duration.ofMinutes(1),
        Duration.ofMinutes(15),
        false,
        Duration.ofDays(90));
  }

  public LockoutConfig withMaxFailedLogins(int value) {
    return new LockoutConfig(
        value, failureWindow, firstLockout, maxLockout, revealRetryAfter, attemptRetention);
  }

  public LockoutConfig withFailureWindow(Duration value) {
    return new LockoutConfig(
        maxFailedLogins, value, firstLockout, maxLockout, revealRetryAfter, attemptRetention);
  }

  public LockoutConfig withFirstLockout(Duration value) {
    return new LockoutConfig(
        maxFailedLogins, failureWindow, value, maxLockout, revealRetryAfter, attemptRetention);
  }

  public LockoutConfig withMaxLockout(Duration value) {
    return new LockoutConfig(
        maxFailedLogins, failureWindow, firstLockout, value, revealRetryAfter, attemptRetention);
  }

  public LockoutConfig withRevealRetryAfter(boolean value) {
    return new LockoutConfig(
        maxFailedLogins, failureWindow, firstLockout, maxLockout, value, attemptRetention);
  }

  public LockoutConfig withAttemptRetention(Duration value) {
    return new LockoutConfig(
        maxFailedLogins, failureWindow, firstLockout, maxLockout, revealRetryAfter, value);
  }

  void check() {
    ConfigChecks.requireCount(maxFailedLogins, "maxFailedLogins", 1000);
    ConfigChecks.requirePositive(failureWindow, "failureWindow", Duration.ofDays(1));
    ConfigChecks.requirePositive(firstLockout, "firstLockout", Duration.ofDays(1));
    ConfigChecks.requirePositive(maxLockout, "maxLockout", Duration.ofDays(30));
    if (maxLockout.compareTo(firstLockout) < 0) {
      throw new ConfigurationException(
          "maxLockout must not be shorter than firstLockout ("
              + firstLockout
              + "), was "
              + maxLockout);
    }
    ConfigChecks.requirePositive(attemptRetention, "attemptRetention", Duration.ofDays(3650));
  }
}
