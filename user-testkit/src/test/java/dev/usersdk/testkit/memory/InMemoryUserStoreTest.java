package dev.usersdk.testkit.memory;

import dev.usersdk.spi.Stores;
import dev.usersdk.testkit.contract.UserStoreContract;

class InMemoryUserStoreTest extends UserStoreContract {
  @Override
  protected Stores createStores() {
    return InMemoryStores.create();
  }
}
