package dev.usersdk.jdbc.internal;

import dev.usersdk.ledger.LedgerEntry;
import java.time.Instant;
import java.util.UUID;

/** A {@link LedgerEntry} flattened into column values. Not API. */
public record EntryRow(UUID id, UUID userId, String kind, long amount, long balanceAfter, long requested, String key,
    String memo, UUID relatedEntry, UUID hold, UUID actor, Instant createdAt) {

  static EntryRow of(LedgerEntry e) {
    return new EntryRow(e.id().value(), e.userId().value(), e.kind().name(), e.amount().micros(),
        e.balanceAfter().micros(), e.requested().micros(), e.key().map(Object::toString).orElse(null),
        e.memo().orElse(null), e.relatedEntry().map(id -> id.value()).orElse(null),
        e.hold().map(id -> id.value()).orElse(null), e.actor().map(id -> id.value()).orElse(null), e.createdAt());
  }
}
