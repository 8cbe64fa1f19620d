package dev.usersdk.testkit.memory;

import dev.usersdk.spi.Stores;
import dev.usersdk.testkit.contract.EventsContract;

class InMemoryEventsTest extends EventsContract {
  @Override
  protected Stores createStores() {
    return InMemoryStores.create();
  }
}
