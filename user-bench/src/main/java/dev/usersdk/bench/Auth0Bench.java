package dev.usersdk.bench;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import dev.usersdk.Environment;
import dev.usersdk.UserClient;
import dev.usersdk.UserSdkConfig;
import dev.usersdk.auth.AuthConfig;
import dev.usersdk.auth.AuthMode;
import dev.usersdk.auth0.Auth0Authenticator;
import dev.usersdk.testkit.FakeAuth0;
import dev.usersdk.testkit.memory.InMemoryStores;
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
 * {@code auth().authenticate(token)} of an Auth0 RS256 token with a warm key cache (verification,
 * claim checks, then the user found by provider and subject in the in-memory store) against a bare
 * nimbus RS256 parse-and-verify of the same token, one thread, average time per call. At the end of
 * each trial it prints the key-set fetches the fake issuer saw per 100,000 calls after the first.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class Auth0Bench {
  private static final String API = "https://api.example.com";

  private FakeAuth0 auth0;
  private UserClient client;
  private String token;
  private RSASSAVerifier verifier;
  private int fetchesAfterWarmUp;
  private final AtomicLong calls = new AtomicLong();

  @Setup(Level.Trial)
  public void setUp() {
    auth0 = FakeAuth0.start();
    Auth0Authenticator authenticator =
        Auth0Authenticator.forDomain("tenant.example.com")
            .issuer(auth0.issuer())
            .jwksUri(auth0.jwksUri())
            .audience(API)
            .build();
    client =
        UserClient.builder()
            .stores(InMemoryStores.create())
            .config(
                UserSdkConfig.builder()
                    .environment(Environment.DEVELOPMENT)
                    .auth(AuthConfig.builder().modes(AuthMode.AUTH0).build())
                    .build())
            .authenticator(authenticator)
            .build();
    token =
        auth0
            .token()
            .subject("auth0|bench")
            .audience(API)
            .claim("email", "bench@example.com")
            .claim("email_verified", true)
            .claim("name", "Bench")
            .expiresAt(java.time.Instant.now().plusSeconds(86_400))
            .sign();
    client.auth().authenticate(token); // the first sight: creates the user, fetches the keys
    fetchesAfterWarmUp = auth0.fetches();
    verifier = new RSASSAVerifier(auth0.signingKey().publicKey());
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (calls.get() > 0) {
      System.out.printf(
          "%n[Auth0Bench] key-set fetches per 100,000 authenticate calls after the first: %.3f "
              + "(%d fetches in %d calls)%n",
          (auth0.fetches() - fetchesAfterWarmUp) * 100_000.0 / calls.get(),
          auth0.fetches() - fetchesAfterWarmUp,
          calls.get());
    }
    client.close();
    auth0.close();
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
