package dev.usersdk.testkit.memory;

import dev.usersdk.spi.Stores;
import dev.usersdk.testkit.contract.AuditContract;

class InMemoryAuditTest extends AuditContract {
  @Override
  protected Stores createStores() {
    return InMemoryStores.create();
  }
}
