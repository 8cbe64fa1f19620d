package dev.usersdk.testkit.memory;

import dev.usersdk.mirror.MirrorRow;
import dev.usersdk.mirror.MirrorStore;
import dev.usersdk.user.Email;
import dev.usersdk.user.User;
import dev.usersdk.user.UserId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A {@link MirrorStore} in memory, for tests: the same guarded writes as the JDBC one, under one
 * lock. A tombstone keeps only the id and version, as the JDBC store clears the personal columns.
 */
public final class InMemoryMirrorStore implements MirrorStore {
  private final NavigableMap<UserId, StoredMirrorRow> rows = new TreeMap<>();
  private final Map<String, String> state = new HashMap<>();

  private InMemoryMirrorStore() {}

  public static InMemoryMirrorStore create() {
    return new InMemoryMirrorStore();
  }

  @Override
  public synchronized void apply(MirrorRow row) {
    write(row, false);
  }

  @Override
  public synchronized void reconcile(MirrorRow row) {
    write(row, true);
  }

  /** Inserts, or replaces the owner's part if the stored version is older (or the same, too). */
  private void write(MirrorRow row, boolean sameVersionToo) {
    StoredMirrorRow stored = rows.get(row.userId());
    if (stored == null) {
      rows.put(row.userId(), new StoredMirrorRow(row, row.hostDefaults()));
    } else if (stored.row().version() < row.version()
        || (sameVersionToo && stored.row().version() == row.version())) {
      rows.put(row.userId(), new StoredMirrorRow(row, stored.hostValues()));
    }
  }

  @Override
  public synchronized List<Entry> live(@Nullable UserId after, int limit) {
    return (after == null ? rows : rows.tailMap(after, false))
        .values().stream()
            .filter(stored -> !stored.row().deleted())
            .limit(limit)
            .map(stored -> new Entry(stored.row().userId(), stored.row().version()))
            .toList();
  }

  @Override
  public synchronized Optional<String> state(String name) {
    return Optional.ofNullable(state.get(name));
  }

  @Override
  public synchronized void saveState(String name, String value) {
    state.put(name, value);
  }

  /**
   * Changes a mirrored user's email as the host's own code (or an accident) would, behind the
   * mirror's back and without a new version: for tests of {@code resync}.
   */
  public synchronized void overwriteEmail(UserId userId, String email) {
    StoredMirrorRow stored = rows.get(userId);
    User user = stored.row().state().orElseThrow().toBuilder().email(Email.of(email)).build();
    MirrorRow row = stored.row();
    rows.put(
        userId,
        new StoredMirrorRow(
            new MirrorRow(userId, row.version(), user, row.hostDefaults(), row.appliedAt()),
            stored.hostValues()));
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
