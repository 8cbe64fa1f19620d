package dev.usersdk.bench;

import dev.usersdk.Environment;
import dev.usersdk.UserClient;
import dev.usersdk.UserSdkConfig;
import dev.usersdk.event.Subscription;
import dev.usersdk.health.Health;
import dev.usersdk.jdbc.JdbcConfig;
import dev.usersdk.jdbc.JdbcStores;
import dev.usersdk.testkit.TestDatabase;
import dev.usersdk.user.NewUser;
import dev.usersdk.user.UserId;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * {@code client.health()} as a readiness probe calls it (one caller), against a healthy local
 * database: the store alone ({@code health}), the store and one subscription's relay counts with
 * 1,000 events pending ({@code healthWithRelay}), and a balance read for scale ({@code balance}).
 * Target: at most 50 ms.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class HealthBench {
  private static final int USERS = 1000;

  @Param({"mariadb", "postgresql"})
  public String database;

  private TestDatabase db;
  private JdbcStores stores;
  private UserClient client;
  private UserClient subscribed;
  private UserId someone;

  @Setup(Level.Trial)
  public void setUp() {
    db =
        TestDatabase.create(
            database.equals("postgresql") ? TestDatabase.Kind.POSTGRESQL : TestDatabase.Kind.MYSQL);
    stores =
        JdbcStores.fromConfig(
            JdbcConfig.builder(db.url()).maximumPoolSize(4).migrate(true).build());
    UserSdkConfig config = UserSdkConfig.builder().environment(Environment.DEVELOPMENT).build();
    client = UserClient.builder().stores(stores).config(config).build();
    subscribed =
        UserClient.builder()
            .stores(stores)
            .config(config)
            .subscribe(Subscription.of("crm", event -> {}))
            .build();
    for (int i = 0; i < USERS; i++) { // their events wait: the relay is not started
      someone = subscribed.users().create(NewUser.email("user" + i + "@example.com")).id();
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    subscribed.close();
    client.close();
    db.close();
  }

  @Benchmark
  public Health health() {
    return require(client.health());
  }

  @Benchmark
  public Health healthWithRelay() {
    return require(subscribed.health());
  }

  @Benchmark
  public Object balance() {
    return client.ledger().balance(someone);
  }

  private static Health require(Health health) {
    if (!health.ready()) {
      throw new IllegalStateException("not healthy: " + health);
    }
    return health;
  }
}
