package dev.usersdk.testkit.memory;

import dev.usersdk.UserSdkConfig;
import dev.usersdk.spi.Stores;
import dev.usersdk.testkit.contract.LedgerContract;

/** The whole ledger contract with concurrent deductions of one account coalesced. */
class InMemoryCoalescedLedgerTest extends LedgerContract {
  @Override
  protected Stores createStores() {
    return InMemoryStores.create();
  }

  @Override
  protected UserSdkConfig.Builder configure(UserSdkConfig.Builder config) {
    return config.deductionBatch(256);
  }
}
