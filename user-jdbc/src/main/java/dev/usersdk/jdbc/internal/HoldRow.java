package dev.usersdk.jdbc.internal;

import dev.usersdk.ledger.Hold;
import java.time.Instant;
import java.util.UUID;

/** A {@link Hold} flattened into column values. Not API. */
public record HoldRow(
    UUID id,
    UUID userId,
    long amount,
    String key,
    String status,
    long captured,
    Instant createdAt,
    Instant expiresAt,
    Instant resolvedAt) {

  static HoldRow of(Hold h) {
    return new HoldRow(
        h.id().value(),
        h.userId().value(),
        h.amount().micros(),
        h.key().value(),
        h.status().name(),
        h.captured().micros(),
        h.createdAt(),
        h.expiresAt(),
        h.resolvedAt().orElse(null));
  }
}
