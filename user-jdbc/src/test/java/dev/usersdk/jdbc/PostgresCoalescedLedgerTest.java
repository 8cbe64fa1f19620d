package dev.usersdk.jdbc;

import dev.usersdk.UserSdkConfig;
import dev.usersdk.spi.Stores;
import dev.usersdk.testkit.TestDatabase;
import dev.usersdk.testkit.contract.LedgerContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole ledger contract with concurrent deductions of one account coalesced. */
class PostgresCoalescedLedgerTest extends LedgerContract {
  @RegisterExtension
  static final TestStores db = TestStores.on(TestDatabase.Kind.POSTGRESQL);

  @Override
  protected Stores createStores() {
    return db.emptyStores();
  }

  @Override
  protected UserSdkConfig.Builder configure(UserSdkConfig.Builder config) {
    return config.deductionBatch(256);
  }
}
