package dev.usersdk.bench;

import dev.usersdk.Environment;
import dev.usersdk.UserClient;
import dev.usersdk.UserSdkConfig;
import dev.usersdk.auth.AuthConfig;
import dev.usersdk.auth.EmailCodeConfig;
import dev.usersdk.jdbc.JdbcConfig;
import dev.usersdk.jdbc.JdbcStores;
import dev.usersdk.testkit.TestDatabase;
import dev.usersdk.user.NewUser;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
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
 * A passwordless sign-in request for an address with an account ({@code knownEmail}) against one
 * without ({@code unknownEmail}): their times must match, or timing tells which addresses have
 * accounts. The resend cooldown is off, so every request does the full work (a code, a link token,
 * the stored attempt, one notification).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class SignInCodeBench {
  private static final int USERS = 1000;

  @Param({"mariadb", "postgresql"})
  public String database;

  private TestDatabase db;
  private JdbcStores stores;
  private UserClient client;

  @Setup(Level.Trial)
  public void setUp() {
    db =
        TestDatabase.create(
            database.equals("postgresql") ? TestDatabase.Kind.POSTGRESQL : TestDatabase.Kind.MYSQL);
    stores =
        JdbcStores.fromConfig(
            JdbcConfig.builder(db.url()).maximumPoolSize(4).migrate(true).build());
    client =
        UserClient.builder()
            .stores(stores)
            .notifier(notification -> {})
            .config(
                UserSdkConfig.builder()
                    .environment(Environment.DEVELOPMENT)
                    .auth(
                        AuthConfig.builder()
                            .jwtSecret(
                                "benchmark-secret-of-at-least-32-bytes"
                                    .getBytes(StandardCharsets.UTF_8))
                            .emailCodes(
                                EmailCodeConfig.defaults()
                                    .withResendCooldown(Duration.ZERO)
                                    .withSignInLinkTemplate(
                                        Optional.of("https://app.example.com/in?token={token}")))
                            .build())
                    .build())
            .build();
    for (int i = 0; i < USERS; i++) {
      client.users().create(NewUser.email("known" + i + "@example.com"));
    }
    // Both kinds of address have a stored attempt from the start: every request replaces one.
    for (int i = 0; i < USERS; i++) {
      client.auth().requestSignInCode("known" + i + "@example.com");
      client.auth().requestSignInCode("unknown" + i + "@example.com");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    client.close();
    stores.close();
    db.close();
  }

  @Benchmark
  public void knownEmail() {
    client
        .auth()
        .requestSignInCode("known" + ThreadLocalRandom.current().nextInt(USERS) + "@example.com");
  }

  @Benchmark
  public void unknownEmail() {
    client
        .auth()
        .requestSignInCode("unknown" + ThreadLocalRandom.current().nextInt(USERS) + "@example.com");
  }
}
