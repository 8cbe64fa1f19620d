package dev.usersdk.jdbc;

import dev.usersdk.testkit.TestDatabase;

class MariaDbJdbcStoresTest extends JdbcStoresContract {
  @Override
  TestDatabase.Kind kind() {
    return TestDatabase.Kind.MYSQL;
  }
}
