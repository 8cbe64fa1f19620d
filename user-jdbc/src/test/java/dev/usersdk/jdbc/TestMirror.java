package dev.usersdk.jdbc;

import dev.usersdk.mirror.MirrorRow;
import dev.usersdk.mirror.MirrorStore;
import dev.usersdk.testkit.TestDatabase;
import dev.usersdk.user.UserId;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One isolated database per test class with the mirror schema only (no usersdk stores tables: a
 * mirroring service has none), and a mirror store on it that each test gets empty.
 */
final class TestMirror implements BeforeAllCallback, AfterAllCallback {
  private final TestDatabase.Kind kind;
  private TestDatabase database;
  private JdbcMirrorStore store;

  private TestMirror(TestDatabase.Kind kind) {
    this.kind = kind;
  }

  static TestMirror on(TestDatabase.Kind kind) {
    return new TestMirror(kind);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    database = TestDatabase.create(kind);
    store = JdbcMirrorStore.fromConfig(JdbcConfig.builder(database.url()).maximumPoolSize(8).migrate(true).build());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (store != null) {
      store.close();
    }
    if (database != null) {
      database.close();
    }
  }

  TestDatabase database() {
    return database;
  }

  /** The shared store, emptied; closing it is a no-op so the class can reuse the pool. */
  MirrorStore emptyStore() {
    execute("DELETE FROM usersdk_mirror_users");
    execute("DELETE FROM usersdk_mirror_state");
    return new MirrorStore() {
      @Override
      public void apply(MirrorRow row) {
        store.apply(row);
      }

      @Override
      public Optional<StoredMirrorRow> find(UserId userId) {
        return store.find(userId);
      }

      @Override
      public Optional<StoredMirrorRow> updateHost(UserId userId, UnaryOperator<String> change) {
        return store.updateHost(userId, change);
      }

      @Override
      public long count() {
        return store.count();
      }

      @Override
      public void reconcile(MirrorRow row) {
        store.reconcile(row);
      }

      @Override
      public List<Entry> live(UserId after, int limit) {
        return store.live(after, limit);
      }

      @Override
      public Optional<String> state(String name) {
        return store.state(name);
      }

      @Override
      public void saveState(String name, String value) {
        store.saveState(name, value);
      }
    };
  }

  /** Changes a row's email directly, as the host's own code would, behind the mirror's back. */
  void overwriteEmail(UserId userId, String email) {
    try (Connection connection = database.dataSource().getConnection();
        java.sql.PreparedStatement update =
            connection.prepareStatement("UPDATE usersdk_mirror_users SET email = ? WHERE user_id = ?")) {
      update.setString(1, email);
      if (kind == TestDatabase.Kind.MYSQL) {
        update.setBytes(2, java.nio.ByteBuffer.allocate(16).putLong(userId.value().getMostSignificantBits())
            .putLong(userId.value().getLeastSignificantBits()).array());
      } else {
        update.setObject(2, userId.value());
      }
      update.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs SQL on a separate connection, as an administrator (or the host's own code) would. */
  void execute(String sql) {
    try (Connection connection = database.dataSource().getConnection(); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }
}
