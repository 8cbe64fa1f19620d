package dev.usersdk.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usersdk.ConfigurationException;
import dev.usersdk.Environment;
import dev.usersdk.StoreUnavailableException;
import dev.usersdk.UserClient;
import dev.usersdk.UserSdkConfig;
import dev.usersdk.testkit.ManualClock;
import dev.usersdk.testkit.TestDatabase;
import dev.usersdk.user.NewUser;
import dev.usersdk.user.ProfileUpdate;
import dev.usersdk.user.User;
import dev.usersdk.user.UserQuery;
import dev.usersdk.user.UserStatus;
import dev.usersdk.event.DeliveredEvent;
import dev.usersdk.event.Subscription;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The life of JDBC stores on one kind of database: migrations, restarts, neighbours, contention. */
abstract class JdbcStoresContract {
  /**
   * How many migrations this version of usersdk ships (V1 users, V2 ledger, V3 auth, V4 session devices, V5 events,
   * V6 change feed, V7 event deliveries in one table, V8 second factors, V9 audit trail).
   */
  static final int MIGRATIONS = 10;

  protected TestDatabase db;
  protected DataSource dataSource;

  abstract TestDatabase.Kind kind();

  @BeforeEach
  void createDatabase() {
    db = TestDatabase.create(kind());
    dataSource = db.dataSource();
  }

  @AfterEach
  void dropDatabase() {
    if (db != null) {
      db.close();
    }
  }

  JdbcConfig.Builder config() {
    return JdbcConfig.builder(db.url()).maximumPoolSize(4);
  }

  static UserClient client(JdbcStores stores) {
    return client(stores, UserSdkConfig.builder().environment(Environment.DEVELOPMENT).build());
  }

  /** A client whose ledger runs every call in a transaction of its own: nothing coalesced. */
  static UserClient perOperationClient(JdbcStores stores) {
    return client(stores, UserSdkConfig.builder().environment(Environment.DEVELOPMENT).deductionBatch(1).build());
  }

  private static UserClient client(JdbcStores stores, UserSdkConfig config) {
    return UserClient.builder().stores(stores).clock(ManualClock.create()).config(config).build();
  }

  @Test
  void migratesOnceThenRunningAgainIsANoOp() {
    assertThat(JdbcStores.migrate(dataSource)).isEqualTo(MIGRATIONS);
    assertThat(JdbcStores.migrate(dataSource)).isZero();
    try (JdbcStores stores = JdbcStores.builder(dataSource).migrate(true).build()) {
      assertThat(stores.dialect()).isIn(expectedDialects());
    }
    assertThat(count("SELECT COUNT(*) FROM usersdk_schema_history WHERE " + quoted("success") + " = TRUE AND "
        + quoted("version") + " IN ('1', '2', '3', '4', '5', '6', '7', '8', '9', '10')")).isEqualTo(MIGRATIONS);
  }

  @Test
  void keepsEveryUserAcrossARestart() {
    List<User> before;
    try (UserClient first = client(JdbcStores.fromConfig(config().migrate(true).build()))) {
      User ada = first.users().create(NewUser.email("ada@example.com").name("Ada").admin(true));
      User ann = first.users().create(NewUser.email("ann@example.com").status(UserStatus.PENDING));
      first.users().approve(ann.id(), ada.id());
      first.users().updateProfile(ann.id(), ProfileUpdate.of().company("Acme").telegram("@ann_lee"));
      before = first.users().list(UserQuery.all()).items();
    }

    // A restarted application: new pool, no migration asked for, the schema is found current.
    try (UserClient second = client(JdbcStores.fromConfig(config().migrate(false).build()))) {
      assertThat(second.users().list(UserQuery.all()).items()).hasSize(2).containsExactlyElementsOf(before);
      assertThat(second.users().findByEmail("ANN@example.com").orElseThrow().profile().company()).isEqualTo("Acme");
    }
  }

  @Test
  void aServerSchemaIsMigratedOnlyWhenAskedAndOtherwiseRefusedClearly() {
    if (kind() == TestDatabase.Kind.H2) {
      try (JdbcStores stores = JdbcStores.create(dataSource)) {
        assertThat(stores.dialect()).isEqualTo(Dialect.H2);
      }
      assertThat(JdbcStores.migrate(dataSource)).as("H2 migrated on start").isZero();
      return;
    }
    assertThatThrownBy(() -> JdbcStores.create(dataSource))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("JdbcStores.migrate(dataSource)");
    assertThat(JdbcStores.migrate(dataSource)).isEqualTo(MIGRATIONS);
    JdbcStores.create(dataSource).close();
  }

  @Test
  void refusesASchemaNewerThanTheLibrary() {
    JdbcStores.migrate(dataSource);
    String columns = String.join(", ", List.of("installed_rank", "version", "description", "type", "script",
        "checksum", "installed_by", "execution_time", "success").stream().map(this::quoted).toList());
    execute("INSERT INTO " + historyTable() + " (" + columns + ") VALUES (99, '999', 'from a newer usersdk', 'SQL', "
        + "'V999__newer.sql', 0, 'test', 0, TRUE)");

    assertThatThrownBy(() -> JdbcStores.builder(dataSource).migrate(true).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("version 999, newer than this library");
    assertThatThrownBy(() -> JdbcStores.builder(dataSource).migrate(false).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("newer than this library");
  }

  @Test
  void eventsWaitingInTheVersion5OutboxAreDeliveredAfterTheUpgrade() throws Exception {
    Flyway.configure(Migrations.class.getClassLoader()).dataSource(dataSource)
        .locations(Setup.detect(dataSource).migrationLocation("migration")).table("usersdk_schema_history")
        .baselineOnMigrate(true).baselineVersion("0").target("6").load().migrate();
    UUID user = UUID.randomUUID();
    List<UUID> events = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
    // hooks: the first delivered, the second dead, two waiting; audit: all four waiting.
    Map<UUID, String> hooks = Map.of(events.get(0), "DELIVERED", events.get(1), "DEAD", events.get(2), "PENDING",
        events.get(3), "PENDING");
    Instant at = ManualClock.DEFAULT_START.minusSeconds(3600).plusNanos(123_456_000);
    try (Connection connection = dataSource.getConnection()) {
      for (UUID event : events) {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO usersdk_outbox (id, user_id, type,"
            + " payload, created_at) VALUES (?, ?, 'user.updated', ?, ?)")) {
          insert.setObject(1, uuid(event));
          insert.setObject(2, uuid(user));
          insert.setString(3, "{\"id\":\"" + event + "\",\"name\":\"Zoë\"}");
          insert.setObject(4, instant(at));
          insert.executeUpdate();
        }
      }
      List<UUID> backwards = new java.util.ArrayList<>(events);
      java.util.Collections.reverse(backwards);
      for (UUID event : backwards) { // rows stored against the order they must come out in
        for (String subscription : List.of("hooks", "audit")) {
          try (PreparedStatement insert = connection.prepareStatement("INSERT INTO usersdk_deliveries (subscription,"
              + " seq, user_id, status, attempts, next_attempt_at) SELECT ?, seq, user_id, ?, 0, created_at"
              + " FROM usersdk_outbox WHERE id = ?")) {
            insert.setString(1, subscription);
            insert.setString(2, subscription.equals("hooks") ? hooks.get(event) : "PENDING");
            insert.setObject(3, uuid(event));
            insert.executeUpdate();
          }
        }
      }
    }

    assertThat(JdbcStores.migrate(dataSource)).as("V7 and later").isEqualTo(MIGRATIONS - 6);
    List<DeliveredEvent> toHooks = new CopyOnWriteArrayList<>();
    List<DeliveredEvent> toAudit = new CopyOnWriteArrayList<>();
    try (UserClient client = UserClient.builder().stores(JdbcStores.create(dataSource)).clock(ManualClock.create())
        .config(UserSdkConfig.builder().environment(Environment.DEVELOPMENT).build())
        .subscribe(Subscription.of("hooks", toHooks::add)).subscribe(Subscription.of("audit", toAudit::add)).build()) {
      assertThat(client.events().backlog("hooks")).isEqualTo(2);
      assertThat(client.events().backlog("audit")).isEqualTo(4);
      assertThat(client.events().deadLetters("hooks", 0, 10)).extracting(letter -> letter.event().id())
          .containsExactly(events.get(1));
      assertThat(client.events().runOnce()).isEqualTo(6);
      assertThat(toHooks).extracting(DeliveredEvent::id).containsExactly(events.get(2), events.get(3));
      assertThat(toAudit).extracting(DeliveredEvent::id).as("in the order of the outbox").containsExactlyElementsOf(events);
      assertThat(toAudit.get(0)).satisfies(event -> {
        assertThat(event.userId().value()).isEqualTo(user);
        assertThat(event.createdAt()).isEqualTo(at);
        assertThat(event.type()).isEqualTo("user.updated");
        assertThat(event.json()).isEqualTo("{\"id\":\"" + events.get(0) + "\",\"name\":\"Zoë\"}");
      });
    }
  }

  /** A UUID as the v5 tables took it as a parameter. */
  private Object uuid(UUID value) {
    if (kind() != TestDatabase.Kind.MYSQL) {
      return value;
    }
    return ByteBuffer.allocate(16).putLong(value.getMostSignificantBits()).putLong(value.getLeastSignificantBits())
        .array();
  }

  private Object instant(Instant value) {
    return kind() == TestDatabase.Kind.MYSQL ? LocalDateTime.ofInstant(value, ZoneOffset.UTC)
        : value.atOffset(ZoneOffset.UTC);
  }

  @Test
  void livesBesideTheHostsOwnTablesAndFlywayHistory() {
    execute("CREATE TABLE orders (id INT PRIMARY KEY, total INT)");
    execute("INSERT INTO orders VALUES (1, 100)");
    execute("CREATE TABLE flyway_schema_history (installed_rank INT PRIMARY KEY, version VARCHAR(50))");
    execute("INSERT INTO flyway_schema_history VALUES (1, '7')");

    assertThat(JdbcStores.migrate(dataSource)).isEqualTo(MIGRATIONS);

    assertThat(count("SELECT COUNT(*) FROM orders")).isEqualTo(1);
    assertThat(count("SELECT COUNT(*) FROM flyway_schema_history")).isEqualTo(1);
    try (UserClient client = client(JdbcStores.create(dataSource))) {
      client.users().create(NewUser.email("ann@example.com"));
      assertThat(client.users().list(UserQuery.all()).items()).hasSize(1);
    }
  }

  @Test
  void aDeadlockIsRetriedAndBothTransactionsComplete() throws Exception {
    try (JdbcStores stores = JdbcStores.fromConfig(config().migrate(true).build());
         UserClient client = client(stores)) {
      User a = client.users().create(NewUser.email("a@example.com"));
      User b = client.users().create(NewUser.email("b@example.com"));
      CyclicBarrier bothHoldOneLock = new CyclicBarrier(2);
      AtomicInteger executions = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        Future<?> first = pool.submit(() -> lockBoth(stores, a, b, bothHoldOneLock, executions));
        Future<?> second = pool.submit(() -> lockBoth(stores, b, a, bothHoldOneLock, executions));
        first.get(60, TimeUnit.SECONDS);
        second.get(60, TimeUnit.SECONDS);
      } finally {
        pool.shutdownNow();
      }
      // Two transactions, and at least one ran again after the database broke the deadlock.
      assertThat(executions.get()).isGreaterThanOrEqualTo(3);
    }
  }

  private static Void lockBoth(JdbcStores stores, User first, User second, CyclicBarrier barrier, AtomicInteger executions) {
    return stores.inTransaction(tx -> {
      boolean firstRun = executions.incrementAndGet() <= 2;
      tx.users().findByIdForUpdate(first.id()).orElseThrow();
      if (firstRun) {
        await(barrier);
      }
      tx.users().findByIdForUpdate(second.id()).orElseThrow();
      return null;
    });
  }

  @Test
  void aPoolTimeoutIsRetryableAndChangesNothing() throws Exception {
    try (JdbcStores stores = JdbcStores.fromConfig(config().migrate(true).maximumPoolSize(1)
        .connectionTimeout(java.time.Duration.ofMillis(300)).build());
         UserClient client = client(stores)) {
      CountDownLatch holding = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        Future<?> holder = pool.submit(() -> stores.inTransaction(tx -> {
          holding.countDown();
          await(release);
          return null;
        }));
        holding.await();

        assertThatThrownBy(() -> client.users().create(NewUser.email("late@example.com")))
            .isInstanceOf(StoreUnavailableException.class)
            .satisfies(e -> assertThat(((StoreUnavailableException) e).retryable()).isTrue())
            .hasMessageNotContaining("jdbc:");
        release.countDown();
        holder.get(10, TimeUnit.SECONDS);
      } finally {
        pool.shutdownNow();
      }
      assertThat(client.users().findByEmail("late@example.com")).isEmpty();
      assertThat(client.users().create(NewUser.email("late@example.com")).email()).isPresent();
    }
  }

  private List<Dialect> expectedDialects() {
    switch (kind()) {
      case H2: return List.of(Dialect.H2);
      case MYSQL: return List.of(Dialect.MYSQL, Dialect.MARIADB);
      default: return List.of(Dialect.POSTGRESQL);
    }
  }

  private String historyTable() {
    return quoted("usersdk_schema_history");
  }

  /** Flyway quotes its identifiers: lower case is only found unquoted on MySQL (and PostgreSQL). */
  private String quoted(String identifier) {
    return kind() == TestDatabase.Kind.MYSQL ? identifier : "\"" + identifier + "\"";
  }

  void execute(String sql) {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  long count(String sql) {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
         ResultSet rs = statement.executeQuery(sql.replace("usersdk_schema_history", historyTable()))) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  static void await(CyclicBarrier barrier) {
    try {
      barrier.await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
