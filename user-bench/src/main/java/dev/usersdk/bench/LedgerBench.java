package dev.usersdk.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.usersdk.Environment;
import dev.usersdk.UserClient;
import dev.usersdk.UserSdkConfig;
import dev.usersdk.jdbc.JdbcConfig;
import dev.usersdk.jdbc.JdbcStores;
import dev.usersdk.ledger.Credits;
import dev.usersdk.ledger.Hold;
import dev.usersdk.ledger.IdempotencyKey;
import dev.usersdk.testkit.TestDatabase;
import dev.usersdk.user.NewUser;
import dev.usersdk.user.UserId;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code ledger.deduct} against two hand-written JDBC deductions on the same tables, the same
 * database and equal pools, 16 threads, on one hot account and spread over 1,000:
 *
 * <ul>
 *   <li>{@code rawJdbc}: the conditional update and the ledger insert (with the new balance) in one
 *       transaction, two statements on both databases: the least any correct implementation must
 *       do.
 *   <li>{@code naive}: {@code SELECT ... FOR UPDATE}, check in Java, update, insert.
 *   <li>{@code holdThenCapture} and {@code holdThenCaptureCoalesced}: a hold and its keyed capture
 *       (one operation is both calls), one transaction each or coalesced.
 *   <li>{@code usersdkAgain}: {@code usersdk} itself a second time, an A/A control for the drift
 *       between two identical methods.
 *   <li>{@code together} and {@code togetherAgain}: groups of two halves running at once, 8 callers
 *       each: coalesced beside per-operation, and per-operation beside itself (the A/A control), so
 *       that the two are compared at the same moment rather than in turns.
 *   <li>{@code usersdkNoStatementTimeout}: usersdk on a second pool with {@code
 *       statementTimeout(Duration.ZERO)}, which leaves out the session setting the default (10 s)
 *       puts on every connection: what bounding every statement costs.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(16)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class LedgerBench {
  private static final Credits COST = Credits.of("0.01");
  private static final Credits FUNDING = Credits.of("1000000000");
  private static final int POOL_SIZE = 16;

  @Param({"mariadb", "postgresql"})
  public String database;

  @Param({"1", "1000"})
  public int accounts;

  private TestDatabase db;
  private JdbcStores stores;
  private UserClient client;
  private UserClient coalescing;
  private JdbcStores untimedStores;
  private UserClient untimed;
  private HikariDataSource rawPool;
  private boolean postgres;
  private final List<UserId> ids = new ArrayList<>();
  private final AtomicLong sequence = new AtomicLong();
  private final TimeOrderedIds entryIds = new TimeOrderedIds();

  /**
   * RFC 9562 version-7 ids for the raw-JDBC baseline, so its index inserts land where the library's
   * do (the bench uses only the published API, not usersdk's own generator).
   */
  static final class TimeOrderedIds {
    private final SecureRandom random = new SecureRandom();

    synchronized UUID next(Instant now) {
      long msb = (now.toEpochMilli() << 16) | (0x7L << 12) | (random.nextInt() & 0xFFF);
      long lsb = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
      return new UUID(msb, lsb);
    }
  }

  @Setup(Level.Trial)
  public void setUp() throws InterruptedException, ExecutionException {
    postgres = database.equals("postgresql");
    db = TestDatabase.create(postgres ? TestDatabase.Kind.POSTGRESQL : TestDatabase.Kind.MYSQL);
    stores =
        JdbcStores.fromConfig(
            JdbcConfig.builder(db.url()).maximumPoolSize(POOL_SIZE).migrate(true).build());
    client =
        UserClient.builder()
            .stores(stores)
            .config(
                UserSdkConfig.builder()
                    .environment(Environment.DEVELOPMENT)
                    .defaultBalance(Credits.ZERO)
                    .deductionBatch(1) // the per-operation path, measured against coalescing
                    .build())
            .build();
    coalescing =
        UserClient.builder()
            .stores(stores)
            .config(
                UserSdkConfig.builder()
                    .environment(Environment.DEVELOPMENT)
                    .defaultBalance(Credits.ZERO)
                    .deductionBatch(256)
                    .build())
            .build();
    // Funded on the pool's 16 connections at once: a thousand accounts one by one took most of each
    // fork's time.
    ExecutorService funding = Executors.newFixedThreadPool(POOL_SIZE);
    try {
      List<Future<UserId>> funded = new ArrayList<>();
      for (int i = 0; i < accounts; i++) {
        String email = "bench" + i + "@example.com";
        funded.add(
            funding.submit(
                () -> {
                  UserId id = client.users().create(NewUser.email(email)).id();
                  client
                      .ledger()
                      .credit(id, FUNDING, IdempotencyKey.of("funding"), "benchmark funding");
                  return id;
                }));
      }
      for (Future<UserId> id : funded) {
        ids.add(id.get());
      }
    } finally {
      funding.shutdown();
    }
    untimedStores =
        JdbcStores.fromConfig(
            JdbcConfig.builder(db.url())
                .maximumPoolSize(POOL_SIZE)
                .statementTimeout(java.time.Duration.ZERO)
                .build());
    untimed =
        UserClient.builder()
            .stores(untimedStores)
            .config(
                UserSdkConfig.builder()
                    .environment(Environment.DEVELOPMENT)
                    .deductionBatch(1) // compared with usersdk, the per-operation path
                    .build())
            .build();
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(db.url());
    config.setMaximumPoolSize(POOL_SIZE);
    config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
    rawPool = new HikariDataSource(config);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (coalescing.ledger().coalescingStats().batches() > 0) {
      System.out.println("coalescing: " + coalescing.ledger().coalescingStats());
    }
    coalescing.close();
    untimed.close();
    untimedStores.close();
    client.close();
    rawPool.close();
    db.close();
  }

  private UserId pick() {
    return accounts == 1 ? ids.get(0) : ids.get(ThreadLocalRandom.current().nextInt(accounts));
  }

  private String nextKey() {
    return "op-" + sequence.incrementAndGet();
  }

  @Benchmark
  public Object usersdk() {
    return client.ledger().deduct(pick(), COST, IdempotencyKey.of(nextKey()));
  }

  /**
   * An A/A control: exactly {@link #usersdk()}, measured beside it, to show how far two identical
   * methods drift apart on this machine (README: the 1,000-account row).
   */
  @Benchmark
  public Object usersdkAgain() {
    return client.ledger().deduct(pick(), COST, IdempotencyKey.of(nextKey()));
  }

  /** The same deduction with concurrent deductions of one account coalesced (up to 256 a batch). */
  @Benchmark
  public Object coalesced() {
    return coalescing.ledger().deduct(pick(), COST, IdempotencyKey.of(nextKey()));
  }

  /**
   * Half the callers coalescing, half on the per-operation path, at the same time ({@code
   * together}, 8 threads each with the class's 16): both paths meet the same machine, the same
   * database state and the same moment, so the drift between forks and rounds that separately run
   * methods show cancels out of their ratio. Meant for many accounts ({@code accounts=1000}): on
   * one account the two paths would queue behind each other's row locks.
   */
  @Benchmark
  @Group("together")
  @GroupThreads(8)
  public Object togetherCoalesced() {
    return coalesced();
  }

  /** The per-operation half of {@code together}. */
  @Benchmark
  @Group("together")
  @GroupThreads(8)
  public Object togetherPerOp() {
    return usersdk();
  }

  /**
   * The A/A control of {@code together}: the per-operation path on both halves at the same time, to
   * show how far two identical halves of one run drift apart.
   */
  @Benchmark
  @Group("togetherAgain")
  @GroupThreads(8)
  public Object togetherAgainFirst() {
    return usersdk();
  }

  /** The other half of {@code togetherAgain}. */
  @Benchmark
  @Group("togetherAgain")
  @GroupThreads(8)
  public Object togetherAgainSecond() {
    return usersdk();
  }

  /** A reservation and its keyed capture, one transaction each (the hold-then-charge flow). */
  @Benchmark
  public Object holdThenCapture() {
    return holdThenCapture(client);
  }

  /** The same flow with both calls coalesced with other callers' on the account. */
  @Benchmark
  public Object holdThenCaptureCoalesced() {
    return holdThenCapture(coalescing);
  }

  private Object holdThenCapture(UserClient through) {
    String key = nextKey();
    Hold hold = through.ledger().hold(pick(), COST, IdempotencyKey.of(key), Duration.ofMinutes(5));
    return through.ledger().capture(hold.id(), COST, IdempotencyKey.of(key + "-capture"));
  }

  @Benchmark
  public Object usersdkNoStatementTimeout() {
    return untimed.ledger().deduct(pick(), COST, IdempotencyKey.of(nextKey()));
  }

  @Benchmark
  public long rawJdbc() throws SQLException {
    UserId user = pick();
    try (Connection c = rawPool.getConnection()) {
      c.setAutoCommit(false);
      try {
        long after;
        if (postgres) {
          try (PreparedStatement update =
              c.prepareStatement(
                  "UPDATE usersdk_accounts SET balance = balance - ? "
                      + "WHERE user_id = ? AND balance - held >= ? RETURNING balance")) {
            update.setLong(1, COST.micros());
            bindId(update, 2, user.value());
            update.setLong(3, COST.micros());
            try (ResultSet rs = update.executeQuery()) {
              if (!rs.next()) {
                throw new IllegalStateException("insufficient");
              }
              after = rs.getLong(1);
            }
          }
        } else {
          // MariaDB: no UPDATE ... RETURNING, but INSERT ... SELECT ... RETURNING: the entry takes
          // the
          // balance from the row just updated, so this is two statements too.
          try (PreparedStatement update =
              c.prepareStatement(
                  "UPDATE usersdk_accounts SET balance = balance - ? "
                      + "WHERE user_id = ? AND balance - held >= ?")) {
            update.setLong(1, COST.micros());
            bindId(update, 2, user.value());
            update.setLong(3, COST.micros());
            if (update.executeUpdate() != 1) {
              throw new IllegalStateException("insufficient");
            }
          }
          try (PreparedStatement insert =
              c.prepareStatement(
                  "INSERT INTO usersdk_ledger_entries (id, user_id, kind, "
                      + "amount, balance_after, requested, idem_key, memo, related_entry_id, hold_id, actor_id, created_at) "
                      + "SELECT ?, ?, 'DEDUCTION', ?, balance, ?, ?, NULL, NULL, NULL, NULL, ? FROM usersdk_accounts "
                      + "WHERE user_id = ? RETURNING balance_after")) {
            Instant now = Instant.now();
            bindId(insert, 1, entryIds.next(now));
            bindId(insert, 2, user.value());
            insert.setLong(3, -COST.micros());
            insert.setLong(4, COST.micros());
            insert.setString(5, nextKey());
            insert.setObject(6, LocalDateTime.ofInstant(now, ZoneOffset.UTC));
            bindId(insert, 7, user.value());
            try (ResultSet rs = insert.executeQuery()) {
              rs.next();
              after = rs.getLong(1);
            }
          }
          c.commit();
          return after;
        }
        insertEntry(c, user, -COST.micros(), after);
        c.commit();
        return after;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  @Benchmark
  public long naive() throws SQLException {
    UserId user = pick();
    try (Connection c = rawPool.getConnection()) {
      c.setAutoCommit(false);
      try {
        long balance;
        long held;
        try (PreparedStatement select =
            c.prepareStatement(
                "SELECT balance, held FROM usersdk_accounts WHERE user_id = ? FOR UPDATE")) {
          bindId(select, 1, user.value());
          try (ResultSet rs = select.executeQuery()) {
            rs.next();
            balance = rs.getLong(1);
            held = rs.getLong(2);
          }
        }
        if (balance - held < COST.micros()) {
          throw new IllegalStateException("insufficient");
        }
        long after = balance - COST.micros();
        try (PreparedStatement update =
            c.prepareStatement("UPDATE usersdk_accounts SET balance = ? WHERE user_id = ?")) {
          update.setLong(1, after);
          bindId(update, 2, user.value());
          update.executeUpdate();
        }
        insertEntry(c, user, -COST.micros(), after);
        c.commit();
        return after;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /** The same row usersdk writes: time-ordered id, key, amounts, time. */
  private void insertEntry(Connection c, UserId user, long amount, long after) throws SQLException {
    Instant now = Instant.now();
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO usersdk_ledger_entries (id, user_id, kind, amount, "
                + "balance_after, requested, idem_key, memo, related_entry_id, hold_id, actor_id, created_at) "
                + "VALUES (?, ?, 'DEDUCTION', ?, ?, ?, ?, NULL, NULL, NULL, NULL, ?)")) {
      bindId(insert, 1, entryIds.next(now));
      bindId(insert, 2, user.value());
      insert.setLong(3, amount);
      insert.setLong(4, after);
      insert.setLong(5, -amount);
      insert.setString(6, nextKey());
      if (postgres) {
        insert.setObject(7, now.atOffset(ZoneOffset.UTC));
      } else {
        insert.setObject(7, LocalDateTime.ofInstant(now, ZoneOffset.UTC));
      }
      insert.executeUpdate();
    }
  }

  private void bindId(PreparedStatement statement, int position, UUID id) throws SQLException {
    if (postgres) {
      statement.setObject(position, id);
    } else {
      statement.setBytes(
          position,
          ByteBuffer.allocate(16)
              .putLong(id.getMostSignificantBits())
              .putLong(id.getLeastSignificantBits())
              .array());
    }
  }
}
