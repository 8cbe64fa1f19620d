package dev.usersdk.testkit;

import dev.usersdk.StoreUnavailableException;
import dev.usersdk.UserClient;
import dev.usersdk.mirror.UserSource;
import dev.usersdk.user.ChangePage;
import dev.usersdk.user.User;
import dev.usersdk.user.UserId;
import dev.usersdk.user.UserSummary;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A {@link UserSource} wired straight to the owner's {@link UserClient}, for tests and for a mirror
 * in the same process as its owner. {@link #goDown()} makes every call fail as an unreachable owner
 * would, until {@link #comeBack()}.
 */
public final class DirectUserSource implements UserSource {
  private final UserClient owner;
  private volatile boolean down;

  private DirectUserSource(UserClient owner) {
    this.owner = owner;
  }

  public static DirectUserSource of(UserClient owner) {
    return new DirectUserSource(owner);
  }

  public void goDown() {
    down = true;
  }

  public void comeBack() {
    down = false;
  }

  private UserClient owner() {
    if (down) {
      throw new StoreUnavailableException(
          "the owner is unreachable (DirectUserSource.goDown)", null);
    }
    return owner;
  }

  @Override
  public ChangePage changes(@Nullable String cursor, int limit) {
    return owner().users().changes(cursor, limit);
  }

  @Override
  public Optional<User> find(UserId userId) {
    return owner().users().find(userId);
  }

  @Override
  public UserSummary summary() {
    return owner().users().summary();
  }
}
