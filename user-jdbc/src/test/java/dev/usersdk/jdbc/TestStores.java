package dev.usersdk.jdbc;

import dev.usersdk.spi.Stores;
import dev.usersdk.spi.TransactionWork;
import dev.usersdk.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One isolated database per test class (created before, dropped after), and JDBC stores on it
 * that each test gets empty. Register as a static field:
 * {@code @RegisterExtension static TestStores db = TestStores.on(TestDatabase.Kind.POSTGRESQL);}
 */
final class TestStores implements BeforeAllCallback, AfterAllCallback {
  private final TestDatabase.Kind kind;
  private TestDatabase database;
  private JdbcStores stores;

  private TestStores(TestDatabase.Kind kind) {
    this.kind = kind;
  }

  static TestStores on(TestDatabase.Kind kind) {
    return new TestStores(kind);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    database = TestDatabase.create(kind);
    stores = JdbcStores.fromConfig(config().build());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (stores != null) {
      stores.close();
    }
    if (database != null) {
      database.close();
    }
  }

  /** A pool config for this class's database, migrating on start. */
  JdbcConfig.Builder config() {
    // The contract's races put 64 callers on these 16 connections, and the pool's hand-over is not
    // fair: on the loaded 2-core CI machine one caller waited more than the default 5 s.
    return JdbcConfig.builder(database.url()).maximumPoolSize(16).connectionTimeout(java.time.Duration.ofSeconds(30))
        .migrate(true);
  }

  TestDatabase database() {
    return database;
  }

  /** The shared stores, emptied; closing them is a no-op so the class can reuse the pool. */
  Stores emptyStores() {
    execute("DELETE FROM usersdk_users"); // cascades to accounts, entries, holds, credentials, sessions, tokens
    // What belongs to no user: pending registrations, revocations, the app password, unknown-email attempts.
    for (String table : new String[] {"usersdk_registrations", "usersdk_revoked_tokens", "usersdk_app_password",
        "usersdk_login_attempts", "usersdk_event_deliveries", "usersdk_user_deletions", "usersdk_audit"}) {
      execute("DELETE FROM " + table);
    }
    return new Stores() {
      @Override
      public <T> T inTransaction(TransactionWork<T> work) {
        return stores.inTransaction(work);
      }

      @Override
      public <T> T read(TransactionWork<T> work) {
        return stores.read(work);
      }
    };
  }

  /** Runs SQL on a separate connection, as an administrator would. */
  void execute(String sql) {
    try (Connection connection = database.dataSource().getConnection(); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }
}
