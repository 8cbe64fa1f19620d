package dev.usersdk.testkit.memory;

import dev.usersdk.mirror.MirrorStore;
import dev.usersdk.testkit.contract.MirrorContract;

class InMemoryMirrorTest extends MirrorContract {
  @Override
  protected MirrorStore createStore() {
    return InMemoryMirrorStore.create();
  }
}
