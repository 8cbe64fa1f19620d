package dev.usersdk.jdbc;

import dev.usersdk.spi.Stores;
import dev.usersdk.testkit.TestDatabase;
import dev.usersdk.testkit.contract.AuthStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

class MariaDbAuthStoreTest extends AuthStoreContract {
  @RegisterExtension
  static final TestStores db = TestStores.on(TestDatabase.Kind.MYSQL);

  @Override
  protected Stores createStores() {
    // Rows that belong to no user survive the users' cascade that empties the stores.
    for (String table : new String[] {"usersdk_revoked_tokens", "usersdk_registrations", "usersdk_login_attempts",
        "usersdk_app_password"}) {
      db.execute("DELETE FROM " + table);
    }
    return db.emptyStores();
  }
}
