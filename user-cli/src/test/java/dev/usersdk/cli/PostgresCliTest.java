package dev.usersdk.cli;

import dev.usersdk.testkit.TestDatabase;

class PostgresCliTest extends CliContract {
  @Override
  protected TestDatabase.Kind kind() {
    return TestDatabase.Kind.POSTGRESQL;
  }
}
