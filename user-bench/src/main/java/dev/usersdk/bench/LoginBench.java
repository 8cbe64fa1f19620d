package dev.usersdk.bench;

import dev.usersdk.Environment;
import dev.usersdk.UserClient;
import dev.usersdk.UserSdkConfig;
import dev.usersdk.auth.AuthConfig;
import dev.usersdk.auth.InvalidCredentialsException;
import dev.usersdk.auth.password.Password;
import dev.usersdk.auth.password.PasswordHasher;
import dev.usersdk.auth.password.PasswordHashers;
import dev.usersdk.testkit.memory.InMemoryStores;
import dev.usersdk.user.NewUser;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
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
 * A login with the production hasher (Argon2id, m=19 MiB, t=2, p=1) on the in-memory store, against
 * one raw Argon2id verification of the same password: what the flow costs beyond the hash. Also
 * unknown-email and wrong-password logins, whose times must match (else timing tells which emails
 * have accounts). Lockout is set out of reach so every wrong login does the full work.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class LoginBench {
  private static final Password RIGHT = Password.of("benchmark passphrase");
  private static final Password WRONG = Password.of("not the passphrase");

  private UserClient client;
  private PasswordHasher argon2id;
  private String storedHash;

  @Setup(Level.Trial)
  public void setUp() {
    client =
        UserClient.builder()
            .stores(InMemoryStores.create())
            .config(
                UserSdkConfig.builder()
                    .environment(Environment.DEVELOPMENT)
                    .auth(
                        AuthConfig.builder()
                            .jwtSecret(
                                "benchmark-secret-of-at-least-32-bytes"
                                    .getBytes(StandardCharsets.UTF_8))
                            .maxFailedLogins(Integer.MAX_VALUE)
                            .build())
                    .build())
            .build();
    client.auth().createUser(NewUser.email("bench@example.com"), RIGHT);
    argon2id = PasswordHashers.argon2id();
    storedHash = argon2id.hash(RIGHT);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    client.close();
  }

  @Benchmark
  public Object usersdk() {
    return client.auth().login("bench@example.com", RIGHT);
  }

  @Benchmark
  public boolean rawArgon2id() {
    return argon2id.matches(RIGHT, storedHash);
  }

  @Benchmark
  public Object unknownEmail() {
    try {
      return client.auth().login("nobody@example.com", WRONG);
    } catch (InvalidCredentialsException expected) {
      return expected;
    }
  }

  @Benchmark
  public Object wrongPassword() {
    try {
      return client.auth().login("bench@example.com", WRONG);
    } catch (InvalidCredentialsException expected) {
      return expected;
    }
  }
}
