package dev.usersdk.spi;

import dev.usersdk.user.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One sign-in: the family of refresh tokens that descend from one login, and of the access tokens
 * issued with them (their {@code sid} claim). Revoking it ends all of them.
 */
public record StoredSession(
    UUID id, UserId userId, Instant createdAt, Optional<Instant> revokedAt) {
  public StoredSession {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(revokedAt, "revokedAt");
  }
}
