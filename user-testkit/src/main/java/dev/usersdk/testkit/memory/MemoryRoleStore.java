package dev.usersdk.testkit.memory;

import dev.usersdk.spi.RoleStore;
import dev.usersdk.user.UserId;
import java.time.Instant;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/** Roles in memory: one sorted set per user in the users' table, gone with the user. */
final class MemoryRoleStore implements RoleStore {
  private final UserTable table;
  private final MemoryTransaction tx;

  MemoryRoleStore(UserTable table, MemoryTransaction tx) {
    this.table = table;
    this.tx = tx;
  }

  @Override
  public Set<String> rolesOf(UserId user) {
    tx.checkUsable();
    return table.roles.getOrDefault(user, Set.of());
  }

  @Override
  public boolean grant(UserId user, String role, Instant grantedAt) {
    tx.checkUsable();
    if (!table.byId.containsKey(user)) {
      throw new IllegalStateException("no user " + user + " to grant a role to");
    }
    Set<String> held = rolesOf(user);
    if (held.contains(role)) {
      return false;
    }
    TreeSet<String> next = new TreeSet<>(held);
    next.add(role);
    tx.put(table.roles, user, Collections.unmodifiableSet(next));
    return true;
  }

  @Override
  public boolean revoke(UserId user, String role) {
    tx.checkUsable();
    Set<String> held = rolesOf(user);
    if (!held.contains(role)) {
      return false;
    }
    TreeSet<String> next = new TreeSet<>(held);
    next.remove(role);
    if (next.isEmpty()) {
      tx.remove(table.roles, user);
    } else {
      tx.put(table.roles, user, Collections.unmodifiableSet(next));
    }
    return true;
  }
}
