package dev.usersdk.user.internal;

import dev.usersdk.user.User;
import dev.usersdk.user.UserId;
import java.util.Set;

/** Who is an admin: the stored flag, or an id the configuration names. */
public final class Admins {
  private final Set<UserId> configured;

  public Admins(Set<UserId> configured) {
    this.configured = Set.copyOf(configured);
  }

  public boolean isAdmin(User user) {
    return user.admin() || configured.contains(user.id());
  }

  /** The user with {@link User#admin()} showing {@link #isAdmin}. */
  public User withAdminFlag(User user) {
    return isAdmin(user) && !user.admin() ? user.toBuilder().admin(true).build() : user;
  }

  Set<UserId> configured() {
    return configured;
  }
}
