package dev.usersdk.testkit.memory;

import dev.usersdk.spi.Stores;
import dev.usersdk.testkit.contract.SecondFactorContract;

class InMemorySecondFactorTest extends SecondFactorContract {
  @Override
  protected Stores createStores() {
    return InMemoryStores.create();
  }
}
