package dev.usersdk.spi;

import dev.usersdk.user.UserId;
import java.time.Instant;
import java.util.Objects;

/**
 * A login that proved its first factor and waits for the second: the challenge token is stored by
 * its hash only, and works once.
 */
public record StoredChallenge(
    String tokenHash, UserId userId, Instant createdAt, Instant expiresAt) {
  public StoredChallenge {
    Objects.requireNonNull(tokenHash, "tokenHash");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
