package dev.usersdk.mirror;

import dev.usersdk.user.User;
import dev.usersdk.user.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The owner's part of a mirror row as an event gives it, for a {@link MirrorStore} to write: the
 * user at {@code version}, or a tombstone ({@code user} absent) that outranks every earlier
 * version. {@code hostDefaults} are for a row the store does not have yet; an existing row keeps
 * its host values.
 */
public record MirrorRow(
    UserId userId, long version, @Nullable User user, String hostDefaults, Instant appliedAt) {
  public MirrorRow {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(hostDefaults, "hostDefaults");
    Objects.requireNonNull(appliedAt, "appliedAt");
    if (user != null && (!user.id().equals(userId) || user.version() != version)) {
      throw new IllegalArgumentException("a mirror row's user must be the row's, at its version");
    }
  }

  public boolean deleted() {
    return user == null;
  }

  public Optional<User> state() {
    return Optional.ofNullable(user);
  }
}
