package dev.usersdk.testkit.memory;

import dev.usersdk.spi.Stores;
import dev.usersdk.testkit.contract.UsersContract;

class InMemoryUsersTest extends UsersContract {
  @Override
  protected Stores createStores() {
    return InMemoryStores.create();
  }
}
