package dev.usersdk.ledger;

import dev.usersdk.user.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Credits reserved now and settled later: while {@link HoldStatus#ACTIVE} and not expired, the
 * amount counts against the available balance. It is captured (in part or in full; the rest is
 * released), released, or it expires, exactly once.
 *
 * @param captured what was captured; zero unless {@link HoldStatus#CAPTURED}
 */
public record Hold(
    HoldId id,
    UserId userId,
    Credits amount,
    IdempotencyKey key,
    HoldStatus status,
    Credits captured,
    Instant createdAt,
    Instant expiresAt,
    Optional<Instant> resolvedAt) {
  public Hold {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(captured, "captured");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(resolvedAt, "resolvedAt");
  }

  /** Whether the hold still reserves credits at {@code now}. */
  public boolean activeAt(Instant now) {
    return status == HoldStatus.ACTIVE && now.isBefore(expiresAt);
  }
}
