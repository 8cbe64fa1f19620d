package dev.usersdk.bench;

import dev.usersdk.Environment;
import dev.usersdk.UserClient;
import dev.usersdk.UserSdkConfig;
import dev.usersdk.auth.AuthConfig;
import dev.usersdk.auth.password.Password;
import dev.usersdk.auth.password.PasswordHashers;
import dev.usersdk.ledger.Credits;
import dev.usersdk.ledger.IdempotencyKey;
import dev.usersdk.micrometer.UserSdkMetrics;
import dev.usersdk.observe.Observer;
import dev.usersdk.observe.Operation;
import dev.usersdk.testkit.memory.InMemoryStores;
import dev.usersdk.user.NewUser;
import dev.usersdk.user.UserId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What observing costs: {@code authenticate} and {@code deduct} on in-memory stores (no I/O to hide
 * the cost in) with the default no-op observer ({@code ...Unobserved}) and with {@code
 * user-micrometer}'s {@code UserSdkMetrics} on a {@code SimpleMeterRegistry} ({@code ...Metrics}).
 * Target: at most 2% slower.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class ObserverBench {
  private static final byte[] SECRET =
      "benchmark-secret-of-at-least-32-bytes".getBytes(StandardCharsets.UTF_8);

  private Side unobserved;
  private Side metrics;
  private final AtomicLong keys = new AtomicLong();
  private final UserSdkMetrics recorder = new UserSdkMetrics(new SimpleMeterRegistry());

  /** One client with its user, token and funded account. */
  private static final class Side {
    final UserClient client;
    final String token;
    final UserId user;

    Side(Observer observer) {
      client =
          UserClient.builder()
              .stores(InMemoryStores.create())
              .observer(observer)
              .passwordHasher(
                  PasswordHashers.delegating(PasswordHashers.argon2idForTestsOnly(1024, 1)))
              .config(
                  UserSdkConfig.builder()
                      .environment(Environment.DEVELOPMENT)
                      .defaultBalance(Credits.of(1_000_000_000))
                      .auth(
                          AuthConfig.builder()
                              .jwtSecret(SECRET)
                              .accessTokenTtl(Duration.ofDays(1))
                              .build())
                      .build())
              .build();
      Password password = Password.of("benchmark passphrase");
      user = client.auth().createUser(NewUser.email("bench@example.com"), password).id();
      token = client.auth().login("bench@example.com", password).accessToken();
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    unobserved = new Side(Observer.none());
    metrics = new Side(new UserSdkMetrics(new SimpleMeterRegistry()));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    unobserved.client.close();
    metrics.client.close();
  }

  @Benchmark
  public Object authenticateUnobserved() {
    return unobserved.client.auth().authenticate(unobserved.token);
  }

  @Benchmark
  public Object authenticateMetrics() {
    return metrics.client.auth().authenticate(metrics.token);
  }

  @Benchmark
  public Object deductUnobserved() {
    return deduct(unobserved);
  }

  @Benchmark
  public Object deductMetrics() {
    return deduct(metrics);
  }

  /**
   * The observer's own work for one call, measured apart: what the side-by-side pairs add, without
   * their fork-to-fork noise.
   */
  @Benchmark
  public Object recordOnly() {
    recorder.finished(Operation.AUTHENTICATE, "ok", 12_345);
    return recorder;
  }

  private Object deduct(Side side) {
    return side.client
        .ledger()
        .deduct(side.user, Credits.of(1), IdempotencyKey.of("k" + keys.incrementAndGet()));
  }
}
