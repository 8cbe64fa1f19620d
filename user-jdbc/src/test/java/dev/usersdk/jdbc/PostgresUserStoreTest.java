package dev.usersdk.jdbc;

import dev.usersdk.spi.Stores;
import dev.usersdk.testkit.TestDatabase;
import dev.usersdk.testkit.contract.UserStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresUserStoreTest extends UserStoreContract {
  @RegisterExtension
  static final TestStores db = TestStores.on(TestDatabase.Kind.POSTGRESQL);

  @Override
  protected Stores createStores() {
    return db.emptyStores();
  }
}
