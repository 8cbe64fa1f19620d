package dev.usersdk.jdbc;

import dev.usersdk.spi.Stores;
import dev.usersdk.testkit.TestDatabase;
import dev.usersdk.testkit.contract.UserStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

class H2UserStoreTest extends UserStoreContract {
  @RegisterExtension
  static final TestStores db = TestStores.on(TestDatabase.Kind.H2);

  @Override
  protected Stores createStores() {
    return db.emptyStores();
  }
}
