package dev.usersdk.cli;

import dev.usersdk.testkit.TestDatabase;

class H2CliTest extends CliContract {
  @Override
  protected TestDatabase.Kind kind() {
    return TestDatabase.Kind.H2;
  }
}
