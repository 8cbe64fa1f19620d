package dev.usersdk.testkit.memory;

import dev.usersdk.spi.Stores;
import dev.usersdk.testkit.contract.LedgerContract;

class InMemoryLedgerTest extends LedgerContract {
  @Override
  protected Stores createStores() {
    return InMemoryStores.create();
  }
}
