package dev.usersdk.spi;

import dev.usersdk.auth.LoginContext;
import dev.usersdk.user.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One sign-in: the family of refresh tokens that descend from one login, and of the access tokens
 * issued with them (their {@code sid} claim). Revoking it ends all of them.
 *
 * @param lastUsedAt when it was opened or last refreshed
 * @param context where it was opened from: the login's client address and user agent
 * @param secondFactorAt when the session last proved a second factor (at login or a step-up); empty
 *     if it never did
 */
public record StoredSession(
    UUID id,
    UserId userId,
    Instant createdAt,
    Optional<Instant> revokedAt,
    Instant lastUsedAt,
    LoginContext context,
    Optional<Instant> secondFactorAt) {
  public StoredSession {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(revokedAt, "revokedAt");
    Objects.requireNonNull(lastUsedAt, "lastUsedAt");
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(secondFactorAt, "secondFactorAt");
  }

  /** A session that has not proved a second factor. */
  public StoredSession(
      UUID id,
      UserId userId,
      Instant createdAt,
      Optional<Instant> revokedAt,
      Instant lastUsedAt,
      LoginContext context) {
    this(id, userId, createdAt, revokedAt, lastUsedAt, context, Optional.empty());
  }

  /** A session last used when it was opened, from an unknown client. */
  public StoredSession(UUID id, UserId userId, Instant createdAt, Optional<Instant> revokedAt) {
    this(id, userId, createdAt, revokedAt, createdAt, LoginContext.NONE);
  }

  /** This session, having proved a second factor at {@code at}. */
  public StoredSession withSecondFactorAt(Instant at) {
    return new StoredSession(
        id, userId, createdAt, revokedAt, lastUsedAt, context, Optional.of(at));
  }

  /** This session, used at {@code at}. */
  public StoredSession usedAt(Instant at) {
    return new StoredSession(id, userId, createdAt, revokedAt, at, context, secondFactorAt);
  }
}
