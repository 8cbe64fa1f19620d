package dev.usersdk.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usersdk.StoreUnavailableException;
import dev.usersdk.UserClient;
import dev.usersdk.UserSdkException;
import dev.usersdk.testkit.TestDatabase;
import dev.usersdk.user.Email;
import dev.usersdk.user.NewUser;
import dev.usersdk.user.User;
import dev.usersdk.user.UserId;
import dev.usersdk.user.UserQuery;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The database kills the connection in the middle of a transaction (an administrator's KILL, a
 * failover). The caller gets a typed, retryable error; nothing of the transaction is kept; and the
 * pool hands out a working connection to the next call.
 */
abstract class ConnectionLossContract {
  private TestDatabase db;

  abstract TestDatabase.Kind kind();

  /** Kills, from an administrator's connection, every connection with an open transaction on {@code db}. */
  abstract int killConnectionsInTransaction(Statement admin, TestDatabase db) throws SQLException;

  @BeforeEach
  void createDatabase() {
    db = TestDatabase.create(kind());
  }

  @AfterEach
  void dropDatabase() {
    if (db != null) {
      db.close();
    }
  }

  @Test
  void aKilledConnectionIsARetryableErrorWithNoPartialWriteAndThePoolRecovers() {
    try (JdbcStores stores = JdbcStores.fromConfig(JdbcConfig.builder(db.url()).maximumPoolSize(4).migrate(true).build());
         UserClient client = JdbcStoresContract.client(stores)) {
      User before = client.users().create(NewUser.email("before@example.com"));
      User partial = user("partial@example.com");
      User second = user("second@example.com");

      Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> stores.inTransaction(tx -> {
        tx.users().insert(partial);
        assertThat(kill()).as("connections killed").isEqualTo(1);
        tx.users().insert(second); // on a dead connection
        return null;
      }));

      assertThat(failure).isInstanceOf(StoreUnavailableException.class);
      assertThat(((UserSdkException) failure).retryable()).isTrue();
      assertThat(((UserSdkException) failure).code()).isEqualTo("store_unavailable");

      // Nothing of the killed transaction survived, and the next calls work.
      assertThat(client.users().find(partial.id())).isEmpty();
      assertThat(client.users().find(second.id())).isEmpty();
      User after = client.users().create(NewUser.email("after@example.com"));
      assertThat(client.users().list(UserQuery.all()).items()).containsExactly(before, after);
    }
  }

  private int kill() {
    try (Connection connection = db.dataSource().getConnection(); Statement admin = connection.createStatement()) {
      return killConnectionsInTransaction(admin, db);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static User user(String email) {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    return User.builder(new UserId(UUID.randomUUID())).email(Email.of(email)).createdAt(now).build();
  }

  @Test
  void anUnreachableDatabaseIsRetryableAtStartup() {
    String unreachable = kind() == TestDatabase.Kind.MYSQL
        ? "jdbc:mariadb://127.0.0.1:1/nowhere?sslMode=disable&connectTimeout=500"
        : "jdbc:postgresql://127.0.0.1:1/nowhere?connectTimeout=1";
    assertThatThrownBy(() -> JdbcStores.fromConfig(JdbcConfig.builder(unreachable).password("s3cret-pw")
            .connectionTimeout(java.time.Duration.ofMillis(500)).build()))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageNotContaining("s3cret-pw");
  }
}
