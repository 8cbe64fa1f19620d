package dev.usersdk.testkit.memory;

import dev.usersdk.spi.Stores;
import dev.usersdk.testkit.contract.RolesContract;

class InMemoryRolesTest extends RolesContract {
  @Override
  protected Stores createStores() {
    return InMemoryStores.create();
  }
}
