package dev.usersdk.jdbc.internal;

import dev.usersdk.jdbc.Dialect;
import dev.usersdk.spi.RoleStore;
import dev.usersdk.user.UserId;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * {@link RoleStore} on {@code usersdk_user_roles}. A grant inserts only what is absent in one
 * statement where the database can say so (a duplicate key would abort a PostgreSQL transaction,
 * and a look-then-insert in a host's REPEATABLE READ pool reads an old snapshot; PostgreSQL then
 * reports a serialization failure, which is run again); callers also lock the user's row first, so
 * grants of one user run one at a time. Not API.
 */
final class JdbcRoleStore implements RoleStore {
  private final Handle handle;
  private final TxGuard tx;
  private final Dialect dialect;

  JdbcRoleStore(Handle handle, Dialect dialect, TxGuard tx) {
    this.handle = handle;
    this.dialect = dialect;
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
    String insert =
        switch (dialect) {
          case POSTGRESQL ->
              "INSERT INTO usersdk_user_roles (user_id, role, granted_at) VALUES (:user, :role, :at)"
                  + " ON CONFLICT (user_id, role) DO NOTHING";
          // IGNORE would also hide a missing user's foreign-key error; the caller has the user
          // locked, and the only other error is the duplicate it is here to skip.
          case MYSQL, MARIADB ->
              "INSERT IGNORE INTO usersdk_user_roles (user_id, role, granted_at)"
                  + " VALUES (:user, :role, :at)";
          // H2 runs READ COMMITTED here: a plain look sees a concurrent grant once it committed,
          // and the caller's lock on the user makes it wait for that commit.
          case H2 ->
              "INSERT INTO usersdk_user_roles (user_id, role, granted_at)"
                  + " SELECT :user, :role, :at FROM (VALUES (1)) one WHERE NOT EXISTS"
                  + " (SELECT 1 FROM usersdk_user_roles WHERE user_id = :user AND role = :role)";
        };
    return handle
            .createUpdate(insert)
            .bindByType("user", user.value(), UUID.class)
            .bind("role", role)
            .bind("at", grantedAt)
            .execute()
        > 0;
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
