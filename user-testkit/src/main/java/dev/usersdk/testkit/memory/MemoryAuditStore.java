package dev.usersdk.testkit.memory;

import dev.usersdk.audit.AuditEntry;
import dev.usersdk.spi.AuditStore;
import dev.usersdk.user.UserId;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Predicate;

/** The audit trail in memory: one map ordered by entry id, kept apart from the users. */
final class MemoryAuditStore implements AuditStore {
  /** The entries of one in-memory store, by id (time-ordered). */
  static final class AuditTable {
    final NavigableMap<UUID, AuditEntry> entries = new ConcurrentSkipListMap<>();
  }

  private final AuditTable table;
  private final MemoryTransaction tx;

  MemoryAuditStore(AuditTable table, MemoryTransaction tx) {
    this.table = table;
    this.tx = tx;
  }

  @Override
  public void append(AuditEntry entry) {
    if (table.entries.containsKey(entry.id())) {
      throw new IllegalStateException("audit entry " + entry.id() + " exists");
    }
    tx.put(table.entries, entry.id(), entry);
  }

  @Override
  public List<AuditEntry> ofSubject(UserId subject, Optional<UUID> before, int limit) {
    return newestFirst(before, limit, e -> e.subject().equals(subject));
  }

  @Override
  public List<AuditEntry> byActor(UserId actor, Optional<UUID> before, int limit) {
    return newestFirst(before, limit, e -> e.actor().filter(actor::equals).isPresent());
  }

  private List<AuditEntry> newestFirst(
      Optional<UUID> before, int limit, Predicate<AuditEntry> matching) {
    NavigableMap<UUID, AuditEntry> older =
        before.map(id -> table.entries.headMap(id, false)).orElse(table.entries);
    return older.descendingMap().values().stream().filter(matching).limit(limit).toList();
  }
}
