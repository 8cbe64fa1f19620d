package dev.usersdk.mirror;

import dev.usersdk.user.UserId;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Where a {@link UserMirror} keeps its rows: the SPI. Implementations must make {@link #apply}
 * atomic and version-guarded (two events of one user applied at once end with the newer), and must
 * never let it touch host values or {@link #updateHost} touch the owner's part: field ownership is
 * enforced here, in what each write is able to change.
 */
public interface MirrorStore extends AutoCloseable {
  /**
   * Writes the owner's part of {@code row} if the store has no row of the user (with the row's host
   * defaults) or holds an older version; otherwise changes nothing. A tombstone is kept, with the
   * personal fields cleared, and outranks every lower version.
   */
  void apply(MirrorRow row);

  /**
   * {@link #apply} for a repair: writes the owner's part also when the stored version is the same
   * (a row edited behind the mirror's back), never over a newer one.
   */
  void reconcile(MirrorRow row);

  /** Live users after {@code after} (from the first when null) by id, at most {@code limit}. */
  List<Entry> live(@Nullable UserId after, int limit);

  /** A value the mirror keeps about itself (its feed cursor, its last sync), by name. */
  Optional<String> state(String name);

  void saveState(String name, String value);

  /** The user's row as stored, with its host values as JSON; empty for unknown or deleted users. */
  Optional<StoredMirrorRow> find(UserId userId);

  /**
   * Replaces the host values of a live row with what {@code change} makes of the stored ones, in
   * one transaction (the row locked while it runs).
   *
   * @return the row as it now is, or empty if the user is unknown or deleted
   */
  Optional<StoredMirrorRow> updateHost(UserId userId, UnaryOperator<String> change);

  /** Live (not deleted) users held. */
  long count();

  @Override
  default void close() {}

  /** A live user and the version held. */
  record Entry(UserId userId, long version) {}

  /** A stored row: the owner's part and the host values as their JSON. */
  record StoredMirrorRow(MirrorRow row, String hostValues) {}
}
