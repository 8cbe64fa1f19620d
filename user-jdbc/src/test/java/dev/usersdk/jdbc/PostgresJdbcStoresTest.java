package dev.usersdk.jdbc;

import dev.usersdk.testkit.TestDatabase;

class PostgresJdbcStoresTest extends JdbcStoresContract {
  @Override
  TestDatabase.Kind kind() {
    return TestDatabase.Kind.POSTGRESQL;
  }
}
