package dev.usersdk.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.usersdk.StoreReadOnlyException;
import dev.usersdk.UserClient;
import dev.usersdk.ledger.Credits;
import dev.usersdk.ledger.IdempotencyKey;
import dev.usersdk.ledger.Receipt;
import dev.usersdk.user.NewUser;
import dev.usersdk.user.User;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A PostgreSQL primary with a streaming hot standby ({@code .ci/pg-standby start} runs the pair on
 * ports 5433 and 5434; {@code USER_SDK_TEST_PG_STANDBY_URLS} names them and {@code
 * USER_SDK_TEST_PG_STANDBY_CTL} the script). Skipped without them, unless {@code
 * USER_SDK_TEST_REQUIRE} names {@code pg-standby}.
 */
class PostgresStandbyTest {
  static final String URLS = "USER_SDK_TEST_PG_STANDBY_URLS";
  static final String CTL = "USER_SDK_TEST_PG_STANDBY_CTL";

  private String schema;
  private String primaryUrl;
  private String standbyUrl;
  private final List<AutoCloseable> open = new ArrayList<>();

  @BeforeEach
  void createSchema() throws Exception {
    List<String> urls = Clusters.urls(URLS, "pg-standby");
    Clusters.run(CTL, "start"); // a no-op when the pair streams; rebuilds a standby an earlier run promoted
    schema = "usersdk_s_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection connection = DriverManager.getConnection(urls.get(0)); Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA " + schema);
    }
    primaryUrl = urls.get(0) + "&currentSchema=" + schema;
    standbyUrl = urls.get(1) + "&currentSchema=" + schema;
  }

  @AfterEach
  void dropSchema() throws Exception {
    for (AutoCloseable closeable : open) {
      closeable.close();
    }
    if (schema != null) {
      try (Connection connection = DriverManager.getConnection(Clusters.urls(URLS, "pg-standby").get(0));
          Statement statement = connection.createStatement()) {
        statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
  }

  private UserClient client(String url, boolean migrate) {
    JdbcStores stores = JdbcStores.fromConfig(JdbcConfig.builder(url).maximumPoolSize(4).migrate(migrate).build());
    UserClient client = JdbcStoresContract.client(stores);
    open.add(stores);
    open.add(client);
    return client;
  }

  @Test
  void theStandbyAnswersReadsAndReplaysAndRefusesWritesTypedAndRetryably() throws Exception {
    UserClient primary = client(primaryUrl, true);
    User ann = primary.users().create(NewUser.email("ann@example.com"));
    Receipt original = primary.ledger().deduct(ann.id(), Credits.of(1), IdempotencyKey.of("run-1"));
    awaitReplayed(2); // a standby lags its primary: wait until it has both the user and the charge
    UserClient standby = client(standbyUrl, false);

    Receipt replayed = standby.ledger().deduct(ann.id(), Credits.of(1), IdempotencyKey.of("run-1"));
    assertThat(replayed.entryId()).isEqualTo(original.entryId());
    StoreReadOnlyException refused = catchThrowableOfType(
        () -> standby.ledger().deduct(ann.id(), Credits.of(1), IdempotencyKey.of("run-2")), StoreReadOnlyException.class);
    assertThat(refused).as("a new charge on the standby").isNotNull();
    assertThat(refused.retryable()).isTrue();
    assertThatThrownBy(() -> standby.users().create(NewUser.email("bob@example.com")))
        .isInstanceOf(StoreReadOnlyException.class);
    assertThat(standby.users().findByEmail("ann@example.com")).isPresent();
    assertThat(primary.ledger().balance(ann.id()).available()).as("nothing written").isEqualTo(original.balanceAfter());
  }

  @Test
  void afterAFailoverTheRefusedRetryGoesThrough() throws Exception {
    UserClient primary = client(primaryUrl, true);
    User ann = primary.users().create(NewUser.email("ann@example.com"));
    awaitReplayed(1);
    UserClient standby = client(standbyUrl, false);
    assertThatThrownBy(() -> standby.ledger().deduct(ann.id(), Credits.of(1), IdempotencyKey.of("run-1")))
        .isInstanceOf(StoreReadOnlyException.class);
    try {
      Clusters.run(CTL, "promote");
      Receipt afterFailover = standby.ledger().deduct(ann.id(), Credits.of(1), IdempotencyKey.of("run-1"));
      assertThat(afterFailover.replayed()).as("the refused attempt had written nothing").isFalse();
      assertThat(standby.ledger().reconcile(ann.id()).consistent()).isTrue();
    } finally {
      Clusters.run(CTL, "start"); // a fresh standby for the next run
    }
  }

  /** Waits until the standby has replayed the schema and {@code entries} ledger entries. */
  private void awaitReplayed(int entries) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (replayedEntries() < entries) {
      assertThat(System.nanoTime()).as("the standby caught up within 30 s").isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private int replayedEntries() {
    try (Connection connection = DriverManager.getConnection(standbyUrl);
        Statement statement = connection.createStatement();
        var rs = statement.executeQuery("SELECT COUNT(*) FROM usersdk_ledger_entries")) {
      rs.next();
      return rs.getInt(1);
    } catch (java.sql.SQLException e) {
      return -1; // the schema has not arrived yet
    }
  }

}
