package dev.usersdk.testkit.memory;

import dev.usersdk.spi.Stores;
import dev.usersdk.testkit.contract.EmailCodesContract;

class InMemoryEmailCodesTest extends EmailCodesContract {
  @Override
  protected Stores createStores() {
    return InMemoryStores.create();
  }
}
