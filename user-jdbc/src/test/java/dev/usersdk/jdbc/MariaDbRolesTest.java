package dev.usersdk.jdbc;

import dev.usersdk.spi.Stores;
import dev.usersdk.testkit.TestDatabase;
import dev.usersdk.testkit.contract.RolesContract;
import org.junit.jupiter.api.extension.RegisterExtension;

class MariaDbRolesTest extends RolesContract {
  @RegisterExtension
  static final TestStores db = TestStores.on(TestDatabase.Kind.MYSQL);

  @Override
  protected Stores createStores() {
    return db.emptyStores();
  }
}
