package dev.usersdk.jdbc;

import dev.usersdk.testkit.TestDatabase;

class H2JdbcStoresTest extends JdbcStoresContract {
  @Override
  TestDatabase.Kind kind() {
    return TestDatabase.Kind.H2;
  }
}
