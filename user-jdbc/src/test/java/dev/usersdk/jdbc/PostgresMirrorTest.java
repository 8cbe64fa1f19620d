package dev.usersdk.jdbc;

import dev.usersdk.mirror.MirrorStore;
import dev.usersdk.testkit.TestDatabase;
import dev.usersdk.testkit.contract.MirrorContract;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresMirrorTest extends MirrorContract {
  @RegisterExtension
  static final TestMirror db = TestMirror.on(TestDatabase.Kind.POSTGRESQL);

  @Override
  protected MirrorStore createStore() {
    return db.emptyStore();
  }
}
