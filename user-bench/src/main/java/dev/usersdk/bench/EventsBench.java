package dev.usersdk.bench;

import dev.usersdk.Environment;
import dev.usersdk.UserClient;
import dev.usersdk.UserSdkConfig;
import dev.usersdk.event.Subscription;
import dev.usersdk.jdbc.JdbcConfig;
import dev.usersdk.jdbc.JdbcStores;
import dev.usersdk.testkit.TestDatabase;
import dev.usersdk.user.NewUser;
import dev.usersdk.user.ProfileUpdate;
import dev.usersdk.user.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * What the outbox costs a change: {@code users().updateProfile} on 1,000 users, 8 threads, with a
 * subscription (each update also writes its event and one delivery row; the relay is not running,
 * so the outbox grows as it would behind a slow consumer) against the same client without one.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(8)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class EventsBench {
  private static final int USERS = 1000;

  @Param({"mariadb", "postgresql"})
  public String database;

  private TestDatabase db;
  private JdbcStores stores;
  private UserClient withEvents;
  private UserClient withoutEvents;
  private final List<UserId> ids = new ArrayList<>();
  private final AtomicLong sequence = new AtomicLong();

  @Setup(Level.Trial)
  public void setUp() {
    db =
        TestDatabase.create(
            database.equals("postgresql") ? TestDatabase.Kind.POSTGRESQL : TestDatabase.Kind.MYSQL);
    stores =
        JdbcStores.fromConfig(
            JdbcConfig.builder(db.url()).maximumPoolSize(8).migrate(true).build());
    UserSdkConfig config = UserSdkConfig.builder().environment(Environment.DEVELOPMENT).build();
    withoutEvents = UserClient.builder().stores(stores).config(config).build();
    withEvents =
        UserClient.builder()
            .stores(stores)
            .config(config)
            .subscribe(Subscription.of("bench", event -> {}))
            .build();
    for (int i = 0; i < USERS; i++) {
      ids.add(withEvents.users().create(NewUser.email("bench" + i + "@example.com")).id());
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    stores.close();
    db.close();
  }

  private UserId pick() {
    return ids.get(ThreadLocalRandom.current().nextInt(USERS));
  }

  /** A profile update that also writes its event to the outbox. */
  @Benchmark
  public Object usersdk() {
    return withEvents
        .users()
        .updateProfile(pick(), ProfileUpdate.of().company("c" + sequence.incrementAndGet()));
  }

  /** The same update with no subscription: no outbox rows. */
  @Benchmark
  public Object withoutEvents() {
    return withoutEvents
        .users()
        .updateProfile(pick(), ProfileUpdate.of().company("c" + sequence.incrementAndGet()));
  }
}
