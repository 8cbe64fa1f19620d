package dev.usersdk.jdbc.internal;

import dev.usersdk.spi.RoleStore;
import dev.usersdk.user.UserId;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * {@link RoleStore} on {@code usersdk_user_roles}. Callers lock the user's row before a grant or a
 * revocation, so the look-then-insert of a grant never meets a concurrent one (a duplicate key
 * would abort a PostgreSQL transaction). Not API.
 */
final class JdbcRoleStore implements RoleStore {
  private final Handle handle;
  private final TxGuard tx;

  JdbcRoleStore(Handle handle, TxGuard tx) {
    this.handle = handle;
    this.tx = tx;
  }

  @Override
  public Set<String> rolesOf(UserId user) {
    tx.checkUsable();
    return handle
        .createQuery("SELECT role FROM usersdk_user_roles WHERE user_id = :user ORDER BY role")
        .bindByType("user", user.value(), UUID.class)
        .mapTo(String.class)
        .collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new));
  }

  @Override
  public boolean grant(UserId user, String role, Instant grantedAt) {
    tx.checkUsable();
    boolean held =
        handle
                .createQuery(
                    "SELECT COUNT(*) FROM usersdk_user_roles WHERE user_id = :user AND role = :role")
                .bindByType("user", user.value(), UUID.class)
                .bind("role", role)
                .mapTo(Integer.class)
                .one()
            > 0;
    if (held) {
      return false;
    }
    handle
        .createUpdate(
            "INSERT INTO usersdk_user_roles (user_id, role, granted_at) VALUES (:user, :role, :at)")
        .bindByType("user", user.value(), UUID.class)
        .bind("role", role)
        .bind("at", grantedAt)
        .execute();
    return true;
  }

  @Override
  public boolean revoke(UserId user, String role) {
    tx.checkUsable();
    return handle
            .createUpdate("DELETE FROM usersdk_user_roles WHERE user_id = :user AND role = :role")
            .bindByType("user", user.value(), UUID.class)
            .bind("role", role)
            .execute()
        > 0;
  }
}
