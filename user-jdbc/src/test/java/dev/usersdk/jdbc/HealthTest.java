package dev.usersdk.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.usersdk.Environment;
import dev.usersdk.UserClient;
import dev.usersdk.UserSdkConfig;
import dev.usersdk.event.RelayConfig;
import dev.usersdk.event.Subscription;
import dev.usersdk.health.Health;
import dev.usersdk.ledger.Credits;
import dev.usersdk.health.HealthStatus;
import dev.usersdk.health.RelayHealth;
import dev.usersdk.testkit.FaultProxy;
import dev.usersdk.testkit.ManualClock;
import dev.usersdk.testkit.TestDatabase;
import dev.usersdk.user.NewUser;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link UserClient#health()} on each database: the store, its schema, its pool and the relay. */
class HealthTest {
  private static final String EXPECTED_SCHEMA = String.valueOf(JdbcStoresContract.MIGRATIONS);

  private TestDatabase db;

  @AfterEach
  void dropDatabase() {
    if (db != null) {
      db.close();
    }
  }

  private static UserClient client(JdbcStores stores, Subscription... subscriptions) {
    UserClient.Builder builder = UserClient.builder().stores(stores).clock(ManualClock.create())
        // no opening balance: one event per user
        .config(UserSdkConfig.builder().environment(Environment.DEVELOPMENT).defaultBalance(Credits.ZERO).build())
        .relayConfig(RelayConfig.defaults().withRetrySchedule(List.of())); // the first failure is dead
    for (Subscription subscription : subscriptions) {
      builder.subscribe(subscription);
    }
    return builder.build();
  }

  private static JdbcStores stores(String url) {
    return JdbcStores.fromConfig(JdbcConfig.builder(url).maximumPoolSize(3).migrate(true).build());
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void aReachableCurrentStoreIsUpWithItsSchemaVersionRoundTripAndPool(TestDatabase.Kind kind) {
    db = TestDatabase.create(kind);
    try (UserClient client = client(stores(db.url()))) {
      Health health = client.health();

      assertThat(health.status()).isEqualTo(HealthStatus.UP);
      assertThat(health.ready()).isTrue();
      assertThat(health.store().schemaVersion()).contains(EXPECTED_SCHEMA);
      assertThat(health.store().expectedSchemaVersion()).contains(EXPECTED_SCHEMA);
      assertThat(health.store().roundTrip()).isPositive().isLessThanOrEqualTo(health.took());
      assertThat(health.store().pool()).hasValueSatisfying(pool -> {
        assertThat(pool.max()).isEqualTo(3);
        assertThat(pool.active()).as("the check's connection went back").isZero();
        assertThat(pool.exhausted()).isFalse();
      });
      assertThat(health.store().problem()).isEmpty();
      assertThat(health.keySets()).isEmpty();
      assertThat(health.relay()).as("no subscriptions").isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void aSchemaBehindTheLibraryIsDown(TestDatabase.Kind kind) throws SQLException {
    db = TestDatabase.create(kind);
    try (UserClient client = client(stores(db.url()))) {
      execute("DELETE FROM " + name(kind, "usersdk_schema_history") + " WHERE " + name(kind, "version") + " = '"
          + EXPECTED_SCHEMA + "'");

      Health health = client.health();

      assertThat(health.status()).isEqualTo(HealthStatus.DOWN);
      assertThat(health.ready()).isFalse();
      int previous = JdbcStoresContract.MIGRATIONS - 1;
      assertThat(health.store().schemaVersion()).contains(String.valueOf(previous));
      assertThat(health.store().problem()).contains(
          "the usersdk schema is at version " + previous + ", this library expects " + EXPECTED_SCHEMA);
    }
  }

  @ParameterizedTest
  @EnumSource(value = TestDatabase.Kind.class, names = {"MYSQL", "POSTGRESQL"})
  void aStoppedDatabaseIsReportedDownWithinTheTimeout(TestDatabase.Kind kind) {
    db = TestDatabase.create(kind);
    FaultProxy proxy = FaultProxy.forUrl(db.url());
    try (UserClient client = client(stores(proxy.url(db.url())))) {
      assertThat(client.health().ready()).isTrue();
      proxy.close(); // the database is gone: connections cut, new ones refused

      Duration timeout = Duration.ofMillis(500);
      for (int check = 0; check < 3; check++) {
        long start = System.nanoTime();
        Health health = client.health(timeout);
        Duration waited = Duration.ofNanos(System.nanoTime() - start);

        assertThat(health.status()).as("check %d", check).isEqualTo(HealthStatus.DOWN);
        assertThat(health.ready()).isFalse();
        assertThat(health.store().problem()).isPresent();
        assertThat(waited).as("check %d answered within its timeout (and a little slack)", check)
            .isLessThan(timeout.plusSeconds(1));
      }
    } finally {
      proxy.close();
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void theRelaysBacklogAndDeadEventsAreCountedPerSubscription(TestDatabase.Kind kind) {
    db = TestDatabase.create(kind);
    Subscription failing = Subscription.of("crm", event -> {
      throw new IllegalStateException("the endpoint is down");
    });
    Subscription working = Subscription.of("search", event -> { });
    try (UserClient client = client(stores(db.url()), failing, working)) {
      client.users().create(NewUser.email("ann@example.com"));
      client.users().create(NewUser.email("bob@example.com"));

      Health pending = client.health();
      assertThat(pending.store().schemaVersion()).as("the database's own check, not the event wrapper's")
          .contains(EXPECTED_SCHEMA);
      assertThat(pending.store().pool()).isPresent();
      assertThat(pending.relay()).extracting(RelayHealth::subscription, RelayHealth::backlog, RelayHealth::dead)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("crm", 2L, 0L),
              org.assertj.core.groups.Tuple.tuple("search", 2L, 0L));
      assertThat(pending.status()).isEqualTo(HealthStatus.UP);

      client.events().runOnce();

      Health after = client.health();
      assertThat(after.relay()).extracting(RelayHealth::subscription, RelayHealth::backlog, RelayHealth::dead,
          RelayHealth::status).containsExactly(
              org.assertj.core.groups.Tuple.tuple("crm", 0L, 2L, HealthStatus.DEGRADED),
              org.assertj.core.groups.Tuple.tuple("search", 0L, 0L, HealthStatus.UP));
      assertThat(after.status()).isEqualTo(HealthStatus.DEGRADED);
      assertThat(after.ready()).as("dead events need an operator, not a restart").isTrue();
      assertThat(after.relay().get(0).problem()).hasValueSatisfying(p -> assertThat(p).contains("2 dead event(s)"));

      client.events().redrive("crm");
      assertThat(client.health().relay().get(0)).extracting(RelayHealth::backlog, RelayHealth::dead)
          .containsExactly(2L, 0L);
    }
  }

  /** Flyway quotes its identifiers: lower case is found unquoted only on MySQL and PostgreSQL. */
  private static String name(TestDatabase.Kind kind, String identifier) {
    return kind == TestDatabase.Kind.MYSQL ? identifier : "\"" + identifier + "\"";
  }

  private void execute(String sql) throws SQLException {
    try (Connection connection = db.dataSource().getConnection(); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
