package dev.usersdk.testkit.memory;

import dev.usersdk.mirror.MirrorRow;
import dev.usersdk.mirror.MirrorStore;
import dev.usersdk.user.UserId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A {@link MirrorStore} in memory, for tests: the same guarded writes as the JDBC one, under one
 * lock. A tombstone keeps only the id and version, as the JDBC store clears the personal columns.
 */
public final class InMemoryMirrorStore implements MirrorStore {
  private final Map<UserId, StoredMirrorRow> rows = new HashMap<>();

  private InMemoryMirrorStore() {}

  public static InMemoryMirrorStore create() {
    return new InMemoryMirrorStore();
  }

  @Override
  public synchronized void apply(MirrorRow row) {
    StoredMirrorRow stored = rows.get(row.userId());
    if (stored == null) {
      rows.put(row.userId(), new StoredMirrorRow(row, row.hostDefaults()));
    } else if (stored.row().version() < row.version()) {
      rows.put(row.userId(), new StoredMirrorRow(row, stored.hostValues()));
    }
  }

  @Override
  public synchronized Optional<StoredMirrorRow> find(UserId userId) {
    return Optional.ofNullable(rows.get(userId)).filter(stored -> !stored.row().deleted());
  }

  @Override
  public synchronized Optional<StoredMirrorRow> updateHost(
      UserId userId, UnaryOperator<String> change) {
    Optional<StoredMirrorRow> stored = find(userId);
    if (stored.isEmpty()) {
      return Optional.empty();
    }
    StoredMirrorRow updated =
        new StoredMirrorRow(stored.get().row(), change.apply(stored.get().hostValues()));
    rows.put(userId, updated);
    return Optional.of(updated);
  }

  @Override
  public synchronized long count() {
    return rows.values().stream().filter(stored -> !stored.row().deleted()).count();
  }
}
