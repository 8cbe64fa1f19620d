package dev.usersdk.spi;

import dev.usersdk.user.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A user's password hash and lockout state.
 *
 * @param userId whose credentials
 * @param passwordHash the encoded hash (PHC string or a legacy format)
 * @param failedAttempts failures counted in the current window
 * @param windowStartedAt when the first failure of the current window happened
 * @param lockouts how many times the account was locked since the last successful login
 * @param lockedUntil until when the account is locked
 * @param updatedAt when this row last changed
 */
public record StoredCredentials(
    UserId userId,
    String passwordHash,
    int failedAttempts,
    Optional<Instant> windowStartedAt,
    int lockouts,
    Optional<Instant> lockedUntil,
    Instant updatedAt) {

  public StoredCredentials {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(passwordHash, "passwordHash");
    Objects.requireNonNull(windowStartedAt, "windowStartedAt");
    Objects.requireNonNull(lockedUntil, "lockedUntil");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  /** Fresh credentials: no failures, not locked. */
  public static StoredCredentials of(UserId userId, String passwordHash, Instant now) {
    return new StoredCredentials(
        userId, passwordHash, 0, Optional.empty(), 0, Optional.empty(), now);
  }

  public StoredCredentials withPasswordHash(String hash, Instant now) {
    return new StoredCredentials(
        userId, hash, failedAttempts, windowStartedAt, lockouts, lockedUntil, now);
  }

  // The hash is not a secret in the strict sense, but it is offline-attackable: keep it out of
  // logs.
  @Override
  public String toString() {
    return "StoredCredentials[userId="
        + userId
        + ", failedAttempts="
        + failedAttempts
        + ", windowStartedAt="
        + windowStartedAt
        + ", lockouts="
        + lockouts
        + ", lockedUntil="
        + lockedUntil
        + ", updatedAt="
        + updatedAt
        + "]";
  }
}
