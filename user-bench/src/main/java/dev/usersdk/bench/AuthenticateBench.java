package dev.usersdk.bench;

import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.usersdk.Environment;
import dev.usersdk.UserClient;
import dev.usersdk.UserSdkConfig;
import dev.usersdk.auth.AuthConfig;
import dev.usersdk.auth.password.Password;
import dev.usersdk.auth.password.PasswordHashers;
import dev.usersdk.jdbc.JdbcStores;
import dev.usersdk.spi.Stores;
import dev.usersdk.testkit.CountingDataSource;
import dev.usersdk.testkit.TestDatabase;
import dev.usersdk.testkit.memory.InMemoryStores;
import dev.usersdk.user.NewUser;
import java.nio.charset.StandardCharsets;
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
 * {@code auth().authenticate(token)} (signature and claim checks, then one store read of the user,
 * its session and the token's revocation) against a bare nimbus HS256 parse-and-verify of the same
 * token, one thread, average time per call. On the database stores the data source counts the round
 * trips, printed per call at the end of each trial.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class AuthenticateBench {
  private static final byte[] SECRET =
      "benchmark-secret-of-at-least-32-bytes".getBytes(StandardCharsets.UTF_8);

  @Param({"memory", "mariadb", "postgresql"})
  public String store;

  private TestDatabase db;
  private HikariDataSource pool;
  private CountingDataSource counting;
  private UserClient client;
  private String token;
  private MACVerifier verifier;
  private final AtomicLong calls = new AtomicLong();

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    Stores stores;
    if (store.equals("memory")) {
      stores = InMemoryStores.create();
    } else {
      db =
          TestDatabase.create(
              store.equals("postgresql") ? TestDatabase.Kind.POSTGRESQL : TestDatabase.Kind.MYSQL);
      JdbcStores.migrate(db.dataSource());
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(db.url());
      config.setMaximumPoolSize(4);
      pool = new HikariDataSource(config);
      counting = CountingDataSource.wrap(pool);
      stores = JdbcStores.create(counting.dataSource());
    }
    client =
        UserClient.builder()
            .stores(stores)
            .passwordHasher(
                PasswordHashers.delegating(PasswordHashers.argon2idForTestsOnly(1024, 1)))
            .config(
                UserSdkConfig.builder()
                    .environment(Environment.DEVELOPMENT)
                    .auth(
                        AuthConfig.builder()
                            .jwtSecret(SECRET)
                            .accessTokenTtl(java.time.Duration.ofDays(1))
                            .build())
                    .build())
            .build();
    Password password = Password.of("benchmark passphrase");
    client.auth().createUser(NewUser.email("bench@example.com"), password);
    token = client.auth().login("bench@example.com", password).accessToken();
    verifier = new MACVerifier(SECRET);
    if (counting != null) {
      counting.reset();
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (counting != null && calls.get() > 0) {
      System.out.printf(
          "%n[AuthenticateBench %s] round trips per authenticate: %.3f (statements %d, commits %d, "
              + "autocommit switches %d, calls %d)%n",
          store,
          (double) counting.roundTrips() / calls.get(),
          counting.statements(),
          counting.commits(),
          counting.autoCommitSwitches(),
          calls.get());
    }
    client.close();
    if (pool != null) {
      pool.close();
      db.close();
    }
  }

  @Benchmark
  public Object usersdk() {
    calls.incrementAndGet();
    return client.auth().authenticate(token);
  }

  @Benchmark
  public Object nimbus() throws Exception {
    SignedJWT jwt = SignedJWT.parse(token);
    if (!jwt.verify(verifier)) {
      throw new IllegalStateException("signature");
    }
    return jwt.getJWTClaimsSet();
  }
}
