package dev.usersdk.testkit.memory;

import dev.usersdk.spi.Stores;
import dev.usersdk.testkit.contract.AuthContract;

class InMemoryAuthTest extends AuthContract {
  @Override
  protected Stores createStores() {
    return InMemoryStores.create();
  }
}
