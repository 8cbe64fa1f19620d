package dev.usersdk.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usersdk.Environment;
import dev.usersdk.UserClient;
import dev.usersdk.UserSdkConfig;
import dev.usersdk.auth.AuthConfig;
import dev.usersdk.auth.AuthMode;
import dev.usersdk.auth.InvalidTokenException;
import dev.usersdk.auth.LockoutConfig;
import dev.usersdk.auth.Session;
import dev.usersdk.auth.password.Password;
import dev.usersdk.auth.password.PasswordHashers;
import dev.usersdk.auth0.Auth0Authenticator;
import dev.usersdk.event.RelayConfig;
import dev.usersdk.event.Subscription;
import dev.usersdk.jdbc.JdbcConfig;
import dev.usersdk.jdbc.JdbcStores;
import dev.usersdk.ledger.BalanceLedger;
import dev.usersdk.ledger.Credits;
import dev.usersdk.ledger.Hold;
import dev.usersdk.ledger.IdempotencyKey;
import dev.usersdk.ledger.InsufficientBalanceException;
import dev.usersdk.ledger.Receipt;
import dev.usersdk.testkit.FakeAuth0;
import dev.usersdk.testkit.ManualClock;
import dev.usersdk.testkit.RecordingNotifier;
import dev.usersdk.testkit.TestDatabase;
import dev.usersdk.testkit.memory.InMemoryStores;
import dev.usersdk.user.NewUser;
import dev.usersdk.user.User;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The meters move on the flows they measure, with a {@link SimpleMeterRegistry}. */
class UserSdkMetricsTest {
  private static final Password PASSWORD = Password.of("correct horse battery");
  private static final byte[] SECRET = "a test secret of at least thirty-two bytes".getBytes(StandardCharsets.UTF_8);

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final UserSdkMetrics metrics = new UserSdkMetrics(registry);
  private final RecordingNotifier notifier = new RecordingNotifier();
  private final ManualClock clock = ManualClock.create();

  private UserClient client(dev.usersdk.spi.Stores stores, Subscription... subscriptions) {
    UserClient.Builder builder = UserClient.builder().stores(stores).clock(clock).notifier(notifier).observer(metrics)
        .passwordHasher(PasswordHashers.delegating(PasswordHashers.argon2idForTestsOnly(1024, 1)))
        .relayConfig(RelayConfig.defaults().withRetrySchedule(List.of()))
        .config(UserSdkConfig.builder().environment(Environment.DEVELOPMENT).defaultBalance(Credits.ZERO)
            .auth(AuthConfig.builder().jwtSecret(SECRET).resetLinkTemplate("https://app.example.com/reset?token={token}")
                .lockout(LockoutConfig.defaults()).build())
            .build());
    for (Subscription subscription : subscriptions) {
      builder.subscribe(subscription);
    }
    return builder.build();
  }

  private double timed(String name, String outcome) {
    var timer = registry.find(name).tag("outcome", outcome).timer();
    return timer == null ? 0 : timer.count();
  }

  private double counted(String name, String... tags) {
    var counter = registry.find(name).tags(tags).counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void authenticationFlowsMoveTheirTimersByOutcomeAndLockoutsCount() {
    try (UserClient client = client(InMemoryStores.create())) {
      client.auth().register("ann@example.com", PASSWORD, "Ann");
      assertThatThrownBy(() -> client.auth().confirmRegistration("ann@example.com", "000000"));
      client.auth().confirmRegistration("ann@example.com", notifier.lastCode("ann@example.com").orElseThrow());
      Session session = client.auth().login("ann@example.com", PASSWORD);
      client.auth().authenticate(session.accessToken());
      assertThatThrownBy(() -> client.auth().authenticate("not-a-token")).isInstanceOf(InvalidTokenException.class);
      client.auth().refresh(session.refreshToken());
      client.auth().requestPasswordReset("ann@example.com");
      String link = notifier.lastResetLink("ann@example.com").orElseThrow();
      client.auth().resetPassword(URLDecoder.decode(link.substring(link.indexOf("token=") + 6), StandardCharsets.UTF_8),
          Password.of("another long passphrase"));
      for (int i = 0; i < LockoutConfig.defaults().maxFailedLogins(); i++) {
        assertThatThrownBy(() -> client.auth().login("ann@example.com", Password.of("wrong wrong wrong")));
      }

      assertThat(timed("usersdk.auth.registration.requests", "ok")).isEqualTo(1);
      assertThat(timed("usersdk.auth.registration.confirmations", "ok")).isEqualTo(1);
      assertThat(registry.find("usersdk.auth.registration.confirmations").timers())
          .as("the wrong code under its own outcome").hasSize(2);
      assertThat(timed("usersdk.auth.login", "ok")).isEqualTo(1);
      assertThat(timed("usersdk.auth.login", "invalid_credentials")).isEqualTo(LockoutConfig.defaults().maxFailedLogins());
      assertThat(timed("usersdk.auth.authenticate", "ok")).isEqualTo(1);
      assertThat(timed("usersdk.auth.authenticate", "invalid_token")).isEqualTo(1);
      assertThat(timed("usersdk.auth.refresh", "ok")).isEqualTo(1);
      assertThat(timed("usersdk.auth.password_reset.requests", "ok")).isEqualTo(1);
      assertThat(timed("usersdk.auth.password_resets", "ok")).isEqualTo(1);
      assertThat(counted("usersdk.auth.lockouts")).isEqualTo(1);
      assertThat(registry.find("usersdk.auth.login").tag("outcome", "ok").timer().totalTime(
          java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
      assertNoTagNamesAUser();
    }
  }

  @Test
  void ledgerCallsAreTimedAsChargedReplayedOrRefused() {
    try (UserClient client = client(InMemoryStores.create())) {
      BalanceLedger ledger = client.ledger();
      User admin = client.users().create(NewUser.email("admin@example.com").admin(true));
      User ann = client.users().create(NewUser.email("ann@example.com"));
      ledger.credit(ann.id(), Credits.of(10), IdempotencyKey.of("fund"), "funding");
      Receipt charged = ledger.deduct(ann.id(), Credits.of(3), IdempotencyKey.of("run-1"));
      ledger.deduct(ann.id(), Credits.of(3), IdempotencyKey.of("run-1"));
      assertThatThrownBy(() -> ledger.deduct(ann.id(), Credits.of(100), IdempotencyKey.of("run-2")))
          .isInstanceOf(InsufficientBalanceException.class);
      Hold hold = ledger.hold(ann.id(), Credits.of(2), IdempotencyKey.of("h1"), Duration.ofMinutes(5));
      ledger.capture(hold.id(), Credits.of(1), IdempotencyKey.of("c1"));
      Hold other = ledger.hold(ann.id(), Credits.of(1), IdempotencyKey.of("h2"), Duration.ofMinutes(5));
      ledger.release(other.id());
      ledger.refund(charged.entryId(), Credits.of(1), IdempotencyKey.of("r1"));
      ledger.adjust(ann.id(), Credits.of(1), "goodwill", admin.id());

      assertThat(timed("usersdk.ledger.credit", "ok")).isEqualTo(1);
      assertThat(timed("usersdk.ledger.deduct", "ok")).as("charged").isEqualTo(1);
      assertThat(timed("usersdk.ledger.deduct", "replayed")).isEqualTo(1);
      assertThat(timed("usersdk.ledger.deduct", "insufficient_balance")).isEqualTo(1);
      assertThat(timed("usersdk.ledger.hold", "ok")).isEqualTo(2);
      assertThat(timed("usersdk.ledger.capture", "ok")).isEqualTo(1);
      assertThat(timed("usersdk.ledger.release", "ok")).isEqualTo(1);
      assertThat(timed("usersdk.ledger.refund", "ok")).isEqualTo(1);
      assertThat(timed("usersdk.ledger.adjust", "ok")).isEqualTo(1);
      assertNoTagNamesAUser();
    }
  }

  @Test
  void deliveriesLagAndBacklogPerSubscriptionAndTheCoalescingCounters() {
    Subscription failing = Subscription.of("crm", event -> {
      throw new IllegalStateException("down");
    });
    Subscription working = Subscription.of("search", event -> { });
    try (UserClient client = client(InMemoryStores.create(), failing, working)) {
      metrics.bindTo(client);
      client.users().create(NewUser.email("ann@example.com"));
      client.users().create(NewUser.email("bob@example.com"));
      assertThat(registry.get("usersdk.events.backlog").tag("subscription", "crm").gauge().value()).isEqualTo(2);

      clock.advance(Duration.ofSeconds(3));
      client.events().runOnce();

      assertThat(counted("usersdk.events.deliveries", "subscription", "search", "outcome", "ok")).isEqualTo(2);
      assertThat(counted("usersdk.events.deliveries", "subscription", "crm", "outcome", "failed")).isEqualTo(2);
      var lag = registry.get("usersdk.events.lag").tag("subscription", "search").timer();
      assertThat(lag.count()).isEqualTo(2);
      assertThat(lag.max(java.util.concurrent.TimeUnit.SECONDS)).as("the clock moved 3 s").isGreaterThanOrEqualTo(3);
      assertThat(registry.get("usersdk.events.backlog").tag("subscription", "search").gauge().value()).isZero();
      assertThat(registry.get("usersdk.ledger.coalesced.batches").functionCounter().count()).isZero();
      assertThat(registry.find("usersdk.ledger.coalesced.requests").functionCounter()).isNotNull();
      assertThat(registry.find("usersdk.ledger.coalesced.refused").functionCounter()).isNotNull();
    }
  }

  @Test
  void keySetFetchesOfAnIssuerAreCounted() {
    try (FakeAuth0 auth0 = FakeAuth0.start();
        Auth0Authenticator authenticator = Auth0Authenticator.forIssuer(auth0.issuer()).jwksUri(auth0.jwksUri())
            .audience("https://api.example.com").build();
        UserClient client = UserClient.builder().stores(InMemoryStores.create()).clock(clock).observer(metrics)
            .authenticator(authenticator)
            .config(UserSdkConfig.builder().environment(Environment.DEVELOPMENT)
                .auth(AuthConfig.builder().jwtSecret(SECRET).modes(AuthMode.AUTH0).build()).build())
            .build()) {
      client.auth().authenticate(auth0.token().subject("auth0|ann").audience("https://api.example.com").sign());

      assertThat(counted("usersdk.auth.keyset.fetches", "issuer", auth0.issuer(), "outcome", "ok")).isEqualTo(1);
      assertThat(timed("usersdk.auth.authenticate", "ok")).isEqualTo(1);
    }
  }

  @Test
  void poolGaugesReadTheStoresPool() {
    try (TestDatabase db = TestDatabase.h2();
        JdbcStores stores = JdbcStores.fromConfig(JdbcConfig.builder(db.url()).maximumPoolSize(3).migrate(true).build())) {
      metrics.bindPool(stores);
      assertThat(registry.get("usersdk.pool.max").gauge().value()).isEqualTo(3);
      assertThat(registry.get("usersdk.pool.active").gauge().value()).isZero();
      assertThat(registry.find("usersdk.pool.idle").gauge()).isNotNull();
      assertThat(registry.find("usersdk.pool.waiting").gauge()).isNotNull();
    }
  }

  /** Tags name outcomes, causes, subscriptions and issuers: never an email or an id. */
  private void assertNoTagNamesAUser() {
    Set<String> values = registry.getMeters().stream().map(Meter::getId).flatMap(id -> id.getTags().stream())
        .map(Tag::getValue).collect(Collectors.toSet());
    assertThat(values).isNotEmpty().noneMatch(v -> v.contains("@"))
        .noneMatch(v -> v.matches("[0-9a-f]{8}-[0-9a-f]{4}-.*"));
  }
}
