package dev.usersdk.testkit.memory;

import dev.usersdk.mirror.MirrorStore;
import dev.usersdk.testkit.contract.MirrorContract;
import dev.usersdk.user.UserId;

class InMemoryMirrorTest extends MirrorContract {
  private InMemoryMirrorStore memory;

  @Override
  protected MirrorStore createStore() {
    memory = InMemoryMirrorStore.create();
    return memory;
  }

  @Override
  protected void overwriteEmail(UserId userId, String email) {
    memory.overwriteEmail(userId, email);
  }
}
