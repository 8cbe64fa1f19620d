package dev.usersdk.mirror;

import dev.usersdk.user.UserId;
import java.util.Optional;
import java.util.function.UnaryOperator;

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

  /** A stored row: the owner's part and the host values as their JSON. */
  record StoredMirrorRow(MirrorRow row, String hostValues) {}
}
