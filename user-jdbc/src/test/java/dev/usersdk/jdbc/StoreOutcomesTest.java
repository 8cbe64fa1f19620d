package dev.usersdk.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.usersdk.OutcomeUnknownException;
import dev.usersdk.StoreFailureException;
import dev.usersdk.StoreReadOnlyException;
import dev.usersdk.StoreUnavailableException;
import dev.usersdk.UserClient;
import dev.usersdk.UserSdkException;
import dev.usersdk.ledger.BalanceLedger;
import dev.usersdk.ledger.Credits;
import dev.usersdk.ledger.EntryKind;
import dev.usersdk.ledger.Hold;
import dev.usersdk.ledger.IdempotencyKey;
import dev.usersdk.ledger.LedgerEntry;
import dev.usersdk.ledger.Receipt;
import dev.usersdk.testkit.FaultProxy;
import dev.usersdk.testkit.TestDatabase;
import dev.usersdk.user.NewUser;
import dev.usersdk.user.User;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What each exception a store throws guarantees about the write, proven on the real servers with
 * the fault injected: {@link StoreUnavailableException} and {@link StoreReadOnlyException} did not
 * happen, {@link OutcomeUnknownException} may have happened (and keyed ledger calls settle it),
 * {@link StoreFailureException} did not happen.
 */
class StoreOutcomesTest {
  private TestDatabase db;

  @AfterEach
  void dropDatabase() {
    if (db != null) {
      db.close();
    }
  }

  private static JdbcStores stores(String url) {
    return JdbcStores.fromConfig(JdbcConfig.builder(url).maximumPoolSize(2).migrate(true).build());
  }

  private TestDatabase database(TestDatabase.Kind kind) {
    db = TestDatabase.create(kind);
    return db;
  }

  @ParameterizedTest
  @EnumSource(value = TestDatabase.Kind.class, names = {"MYSQL", "POSTGRESQL"})
  void aCommitWhoseAnswerIsLostIsSettledByItsKeyOrReportedAsUnknown(TestDatabase.Kind kind) {
    TestDatabase database = database(kind);
    try (FaultProxy proxy = FaultProxy.forUrl(database.url());
        // PostgreSQL's driver names a statement it ran five times and then sends only the name:
        // unnamed statements keep the COMMIT visible to the proxy.
        JdbcStores stores = stores(proxy.url(database.url())
            + (kind == TestDatabase.Kind.POSTGRESQL ? (database.url().contains("?") ? "&" : "?") + "prepareThreshold=0" : ""));
        UserClient client = JdbcStoresContract.client(stores)) {
      BalanceLedger ledger = client.ledger();
      User ann = client.users().create(NewUser.email("ann@example.com"));
      ledger.credit(ann.id(), Credits.of(100), IdempotencyKey.of("top-up"), "top-up");
      Credits start = ledger.balance(ann.id()).available();

      proxy.dropAnswersToNextCommits(1);
      Receipt charged = ledger.deduct(ann.id(), Credits.of(10), IdempotencyKey.of("run-1"));
      assertThat(proxy.answersDropped()).as("the server committed, the answer was lost").isEqualTo(1);
      assertThat(charged.replayed()).as("answered from the entry the lost commit wrote").isTrue();
      assertThat(ledger.balance(ann.id()).available()).as("charged once").isEqualTo(start.minus(Credits.of(10)));

      proxy.cutBeforeNextCommits(1);
      Receipt madeAgain = ledger.deduct(ann.id(), Credits.of(5), IdempotencyKey.of("run-2"));
      assertThat(madeAgain.replayed()).as("the first attempt was rolled back: made now").isFalse();
      assertThat(ledger.balance(ann.id()).available()).isEqualTo(start.minus(Credits.of(15)));

      proxy.dropAnswersToNextCommits(1);
      Hold hold = ledger.hold(ann.id(), Credits.of(20), IdempotencyKey.of("hold-1"), Duration.ofMinutes(5));
      proxy.dropAnswersToNextCommits(1);
      LedgerEntry captured = ledger.capture(hold.id(), Credits.of(15), IdempotencyKey.of("capture-1"));
      assertThat(captured.hold()).contains(hold.id());
      assertThat(ledger.balance(ann.id()).available()).isEqualTo(start.minus(Credits.of(30)));
      assertThat(proxy.answersDropped()).isEqualTo(3);

      proxy.dropAnswersToNextCommits(1);
      OutcomeUnknownException created = catchThrowableOfType(
          () -> client.users().create(NewUser.email("bob@example.com")), OutcomeUnknownException.class);
      assertThat(created).as("an unkeyed write may have happened").isNotNull();
      assertThat(created.code()).isEqualTo("outcome_unknown");
      assertThat(created.retryable()).isTrue();
      assertThat(client.users().findByEmail("bob@example.com")).as("and here it did").isPresent();

      proxy.dropAnswersToNextCommits(1);
      assertThatThrownBy(() -> ledger.refund(charged.entryId(), Credits.of(1)))
          .as("a refund without a key cannot be settled").isInstanceOf(OutcomeUnknownException.class);
      assertThat(ledger.balance(ann.id()).available()).as("and it happened").isEqualTo(start.minus(Credits.of(29)));

      List<LedgerEntry> history = ledger.history(ann.id(), 50).items();
      assertThat(history).filteredOn(e -> e.kind() == EntryKind.DEDUCTION).hasSize(2);
      assertThat(history).filteredOn(e -> e.kind() == EntryKind.CAPTURE).hasSize(1);
      assertThat(ledger.reconcile(ann.id()).consistent()).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(value = TestDatabase.Kind.class, names = {"MYSQL", "POSTGRESQL"})
  void aServerThatOnlyReadsRefusesWritesTypedAndStillAnswersReplays(TestDatabase.Kind kind) {
    TestDatabase database = database(kind);
    String readOnly = database.url() + (kind == TestDatabase.Kind.MYSQL
        ? "&sessionVariables=tx_read_only=1" // what a replica with read_only answers
        : (database.url().contains("?") ? "&" : "?") + "options=-c%20default_transaction_read_only=on"); // a standby
    try (JdbcStores primary = stores(database.url());
        UserClient client = JdbcStoresContract.client(primary)) {
      User ann = client.users().create(NewUser.email("ann@example.com"));
      client.ledger().credit(ann.id(), Credits.of(100), IdempotencyKey.of("top-up"), "top-up");
      Receipt original = client.ledger().deduct(ann.id(), Credits.of(10), IdempotencyKey.of("run-1"));
      Credits left = original.balanceAfter();

      try (JdbcStores replica = JdbcStores.fromConfig(JdbcConfig.builder(readOnly).maximumPoolSize(2).build());
          UserClient onReplica = JdbcStoresContract.client(replica)) {
        Receipt replayed = onReplica.ledger().deduct(ann.id(), Credits.of(10), IdempotencyKey.of("run-1"));
        assertThat(replayed.entryId()).as("a replay needs no write").isEqualTo(original.entryId());
        assertThat(replayed.replayed()).isTrue();

        StoreReadOnlyException refused = catchThrowableOfType(
            () -> onReplica.ledger().deduct(ann.id(), Credits.of(10), IdempotencyKey.of("run-2")),
            StoreReadOnlyException.class);
        assertThat(refused).isNotNull();
        assertThat(refused.code()).isEqualTo("store_read_only");
        assertThat(refused.retryable()).as("a failover fixes it").isTrue();
        assertThat(refused).isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> onReplica.users().create(NewUser.email("bob@example.com")))
            .isInstanceOf(StoreReadOnlyException.class);
        assertThat(onReplica.ledger().balance(ann.id()).available()).as("reads work").isEqualTo(left);
      }
      assertThat(client.ledger().balance(ann.id()).available()).as("nothing was written").isEqualTo(left);
      assertThat(client.users().findByEmail("bob@example.com")).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(value = TestDatabase.Kind.class, names = {"MYSQL", "POSTGRESQL"})
  void aLockWaitEndsAtTheStatementTimeoutAndSpendsTheRetryBudgetOnce(TestDatabase.Kind kind) throws Exception {
    TestDatabase database = database(kind);
    try (JdbcStores stores = JdbcStores.fromConfig(JdbcConfig.builder(database.url()).maximumPoolSize(2).migrate(true)
            .statementTimeout(Duration.ofSeconds(1)).retryBudget(Duration.ofMillis(1500)).build());
        UserClient client = JdbcStoresContract.client(stores);
        Connection admin = database.dataSource().getConnection();
        Statement statement = admin.createStatement()) {
      User ann = client.users().create(NewUser.email("ann@example.com"));
      client.ledger().credit(ann.id(), Credits.of(100), IdempotencyKey.of("top-up"), "top-up");
      Credits start = client.ledger().balance(ann.id()).available();

      admin.setAutoCommit(false);
      statement.execute("UPDATE usersdk_accounts SET held = held WHERE balance >= 0"); // holds every account's row lock
      long started = System.nanoTime();
      StoreUnavailableException timedOut = catchThrowableOfType(
          () -> client.ledger().deduct(ann.id(), Credits.of(10), IdempotencyKey.of("run-1")),
          StoreUnavailableException.class);
      long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      admin.rollback();

      assertThat(timedOut).as("a lock held elsewhere is a retryable refusal").isNotNull();
      assertThat(timedOut.retryable()).isTrue();
      assertThat(tookMillis).as("bounded by the timeout and the budget, not attempts × 50 s").isBetween(900L, 6_000L);
      assertThat(client.ledger().balance(ann.id()).available()).as("nothing was kept").isEqualTo(start);
      assertThat(client.ledger().deduct(ann.id(), Credits.of(10), IdempotencyKey.of("run-1")).replayed())
          .as("the same key is free: the refused attempt left no trace").isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(value = TestDatabase.Kind.class, names = {"MYSQL", "POSTGRESQL"})
  void anExhaustedPoolSaysSoAndNamesItsSize(TestDatabase.Kind kind) throws Exception {
    TestDatabase database = database(kind);
    try (JdbcStores stores = JdbcStores.fromConfig(JdbcConfig.builder(database.url()).maximumPoolSize(1).migrate(true)
            .connectionTimeout(Duration.ofMillis(250)).build());
        UserClient client = JdbcStoresContract.client(stores)) {
      CountDownLatch holding = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      ExecutorService other = Executors.newSingleThreadExecutor();
      Future<?> holder = other.submit(() -> stores.inTransaction(tx -> {
        holding.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return null;
      }));
      try {
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> client.users().create(NewUser.email("ann@example.com")))
            .isInstanceOf(StoreUnavailableException.class)
            .hasMessageContaining("pool is exhausted")
            .hasMessageContaining("all 1 connections");
      } finally {
        release.countDown();
        holder.get(10, TimeUnit.SECONDS);
        other.shutdown();
      }
      assertThat(client.users().findByEmail("ann@example.com")).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(value = TestDatabase.Kind.class, names = {"MYSQL", "POSTGRESQL"})
  void aFailureNoRetryFixesKeepsNothing(TestDatabase.Kind kind) throws Exception {
    TestDatabase database = database(kind);
    try (JdbcStores stores = stores(database.url());
        UserClient client = JdbcStoresContract.client(stores)) {
      execute(database, kind == TestDatabase.Kind.MYSQL
          ? "RENAME TABLE usersdk_accounts TO usersdk_accounts_gone"
          : "ALTER TABLE usersdk_accounts RENAME TO usersdk_accounts_gone");
      UserSdkException failed = catchThrowableOfType(
          () -> client.users().create(NewUser.email("ann@example.com")), StoreFailureException.class);
      execute(database, kind == TestDatabase.Kind.MYSQL
          ? "RENAME TABLE usersdk_accounts_gone TO usersdk_accounts"
          : "ALTER TABLE usersdk_accounts_gone RENAME TO usersdk_accounts");

      assertThat(failed).as("a missing table: no retry fixes it").isNotNull();
      assertThat(failed.retryable()).isFalse();
      assertThat(client.users().findByEmail("ann@example.com")).as("the user row was rolled back with it").isEmpty();
      assertThat(client.users().create(NewUser.email("ann@example.com")).email()).isPresent();
    }
  }

  private static void execute(TestDatabase database, String sql) throws SQLException {
    try (Connection connection = database.dataSource().getConnection(); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
