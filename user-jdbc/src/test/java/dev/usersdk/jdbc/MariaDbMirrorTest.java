package dev.usersdk.jdbc;

import dev.usersdk.mirror.MirrorStore;
import dev.usersdk.testkit.TestDatabase;
import dev.usersdk.testkit.contract.MirrorContract;
import dev.usersdk.user.UserId;
import org.junit.jupiter.api.extension.RegisterExtension;

class MariaDbMirrorTest extends MirrorContract {
  @RegisterExtension
  static final TestMirror db = TestMirror.on(TestDatabase.Kind.MYSQL);

  @Override
  protected MirrorStore createStore() {
    return db.emptyStore();
  }

  @Override
  protected void overwriteEmail(UserId userId, String email) {
    db.overwriteEmail(userId, email);
  }
}
