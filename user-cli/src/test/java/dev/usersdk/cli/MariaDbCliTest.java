package dev.usersdk.cli;

import dev.usersdk.testkit.TestDatabase;

class MariaDbCliTest extends CliContract {
  @Override
  protected TestDatabase.Kind kind() {
    return TestDatabase.Kind.MYSQL;
  }
}
