package dev.usersdk.testkit.memory;

import dev.usersdk.spi.Stores;
import dev.usersdk.testkit.contract.AuthStoreContract;

class InMemoryAuthStoreTest extends AuthStoreContract {
  @Override
  protected Stores createStores() {
    return InMemoryStores.create();
  }
}
