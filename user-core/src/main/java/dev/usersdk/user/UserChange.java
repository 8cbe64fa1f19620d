package dev.usersdk.user;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One entry of the change feed ({@link Users#changes}): a user as it now is, or a deletion (no
 * {@code user}; {@code version} is past the user's last one, as the {@code user.deleted} event's).
 * {@code changedAt} orders the feed.
 */
public record UserChange(UserId userId, long version, Instant changedAt, @Nullable User user) {
  public UserChange {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(changedAt, "changedAt");
    if (user != null && (!user.id().equals(userId) || user.version() != version)) {
      throw new IllegalArgumentException("a change's user must be the change's, at its version");
    }
  }

  public static UserChange of(User user) {
    return new UserChange(user.id(), user.version(), user.updatedAt(), user);
  }

  public static UserChange deletion(UserId userId, long version, Instant deletedAt) {
    return new UserChange(userId, version, deletedAt, null);
  }

  public boolean deleted() {
    return user == null;
  }

  public Optional<User> state() {
    return Optional.ofNullable(user);
  }
}
