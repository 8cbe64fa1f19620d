package dev.usersdk.jdbc;

import dev.usersdk.testkit.TestDatabase;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

class PostgresConnectionLossTest extends ConnectionLossContract {
  @Override
  TestDatabase.Kind kind() {
    return TestDatabase.Kind.POSTGRESQL;
  }

  @Override
  int killConnectionsInTransaction(Statement admin, TestDatabase db) throws SQLException {
    // Each test class has its own schema in a shared database; the idle-in-transaction backend
    // whose last statement wrote to this schema is ours.
    try (ResultSet rs = admin.executeQuery("SELECT COUNT(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity "
        + "WHERE state = 'idle in transaction' AND datname = current_database() AND pid <> pg_backend_pid() "
        + "AND query ILIKE '%usersdk_users%'")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
