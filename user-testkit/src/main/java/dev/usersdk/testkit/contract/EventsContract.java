package dev.usersdk.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usersdk.Environment;
import dev.usersdk.UserClient;
import dev.usersdk.UserSdkConfig;
import dev.usersdk.auth.AuthConfig;
import dev.usersdk.auth.password.Password;
import dev.usersdk.auth.password.PasswordHashers;
import dev.usersdk.event.DeadLetter;
import dev.usersdk.event.DeliveredEvent;
import dev.usersdk.event.RelayConfig;
import dev.usersdk.event.Subscription;
import dev.usersdk.ledger.Credits;
import dev.usersdk.ledger.IdempotencyKey;
import dev.usersdk.ledger.InsufficientBalanceException;
import dev.usersdk.spi.Stores;
import dev.usersdk.auth.RecoveryCodes;
import dev.usersdk.auth.TotpEnrolment;
import dev.usersdk.testkit.AuthenticatorApp;
import dev.usersdk.testkit.ManualClock;
import dev.usersdk.testkit.RecordingNotifier;
import dev.usersdk.user.DuplicateEmailException;
import dev.usersdk.user.NewUser;
import dev.usersdk.user.ProfileUpdate;
import dev.usersdk.user.User;
import dev.usersdk.user.UserId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * User events on a given store: the outbox is written in the transaction of the change (a rollback
 * emits nothing, a commit exactly one event with the user's new version), the relay delivers at
 * least once and in order per user, retries on its schedule, gives up into dead letters that can
 * be redriven, and no payload carries a secret.
 */
@SuppressWarnings("deprecation") // the actor-less variants are tested while they exist
public abstract class EventsContract {
  private static final byte[] SECRET = "an-hs256-test-secret-of-32-bytes!!".getBytes(StandardCharsets.UTF_8);
  private static final Pattern TYPE = Pattern.compile("\"type\":\"([a-z_.]+)\"");
  private static final Pattern VERSION = Pattern.compile("\"user_version\":(\\d+)");
  private static final Pattern ENTRY_ID = Pattern.compile("\"entry_id\":\"([0-9a-f-]+)\"");
  private static final Pattern BALANCE_AFTER = Pattern.compile("\"balance_after_micros\":(-?\\d+)");

  protected Stores stores;
  protected ManualClock clock;
  protected RecordingNotifier notifier;
  protected UserClient client;
  /** What the "test" subscription received, in delivery order. */
  protected final List<DeliveredEvent> received = new CopyOnWriteArrayList<>();
  /** Users whose events the sink fails to deliver, as an endpoint answering 500 would. */
  protected final Set<UserId> failing = ConcurrentHashMap.newKeySet();

  /** Fresh stores with no users in them. Called before each test; closed after it. */
  protected abstract Stores createStores();

  @BeforeEach
  void openStores() {
    stores = createStores();
    clock = ManualClock.create();
    notifier = new RecordingNotifier();
    client = client(RelayConfig.defaults());
  }

  @AfterEach
  void closeStores() throws Exception {
    client.close();
  }

  private UserClient client(RelayConfig relay) {
    return UserClient.builder().stores(stores).clock(clock).notifier(notifier)
        .passwordHasher(PasswordHashers.delegating(PasswordHashers.argon2idForTestsOnly(1024, 1)))
        .config(UserSdkConfig.builder().environment(Environment.DEVELOPMENT).defaultBalance(Credits.of(10))
            .auth(AuthConfig.builder().jwtSecret(SECRET).resetLinkTemplate("https://app.example.com/reset?token={token}")
                .build())
            .build())
        .subscribe(Subscription.of("test", event -> {
          if (failing.contains(event.userId())) {
            throw new IllegalStateException("the endpoint answered 500");
          }
          received.add(event);
        }))
        .relayConfig(relay)
        .build();
  }

  private List<String> types() {
    return received.stream().map(e -> group(TYPE, e.json())).toList();
  }

  private static String group(Pattern pattern, String json) {
    Matcher matcher = pattern.matcher(json);
    assertThat(matcher.find()).as(json).isTrue();
    return matcher.group(1);
  }

  private static long version(DeliveredEvent event) {
    return Long.parseLong(group(VERSION, event.json()));
  }

  @Test
  void aCommittedChangeEmitsExactlyOneEventWithTheUsersNewVersion() {
    User admin = client.users().create(NewUser.email("admin@example.com").admin(true));
    User ann = client.users().create(NewUser.email("ann@example.com"));
    client.events().runOnce();
    received.clear();

    client.users().updateProfile(ann.id(), ProfileUpdate.of().name("Ann"));
    client.users().disable(ann.id());
    client.users().enable(ann.id());
    client.users().setAdmin(ann.id(), true);
    client.ledger().deduct(ann.id(), Credits.of(1), IdempotencyKey.of("run-1"));
    client.users().delete(ann.id());
    assertThat(client.events().runOnce()).isEqualTo(6);

    assertThat(types()).containsExactly("user.updated", "user.status_changed", "user.status_changed",
        "user.admin_changed", "ledger.entry_recorded", "user.deleted");
    assertThat(received).allSatisfy(e -> assertThat(e.userId()).isEqualTo(ann.id()));
    assertThat(received.get(0).json()).contains("\"changed\":[\"profile.name\"]", "\"name\":\"Ann\"");
    assertThat(received.stream().filter(e -> !e.type().startsWith("ledger")).map(EventsContract::version))
        .containsExactly(2L, 3L, 4L, 5L, 6L);
    assertThat(received.get(4).json()).contains("\"amount_micros\":-1000000", "\"idempotency_key\":\"run-1\"");
    assertThat(client.events().runOnce()).as("delivered once").isZero();
    assertThat(received).noneMatch(e -> e.userId().equals(admin.id()));
  }

  @Test
  void aChangeThatRollsBackEmitsNothing() {
    User ann = client.users().create(NewUser.email("ann@example.com"));
    client.events().runOnce();
    received.clear();

    assertThatThrownBy(() -> client.users().create(NewUser.email("ann@example.com")))
        .isInstanceOf(DuplicateEmailException.class);
    assertThatThrownBy(() -> client.ledger().deduct(ann.id(), Credits.of(1_000), IdempotencyKey.of("too-much")))
        .isInstanceOf(InsufficientBalanceException.class);
    assertThatThrownBy(() -> stores.inTransaction(tx -> {
      client.users().updateProfile(ann.id(), ProfileUpdate.of().name("Rolled back"));
      throw new IllegalStateException("the host's own work failed");
    })).isInstanceOf(IllegalStateException.class);

    assertThat(client.events().runOnce()).isZero();
    assertThat(client.events().backlog("test")).isZero();
  }

  @Test
  void createAndApproveCarryTheUserAndWhoApproved() {
    UserClient strict = UserClient.builder().stores(stores).clock(clock)
        .config(UserSdkConfig.builder().environment(Environment.DEVELOPMENT).requireApproval(true).build())
        .subscribe(Subscription.of("test", received::add)).build();
    User admin = strict.users().create(NewUser.email("admin@example.com").admin(true));
    User ann = strict.users().create(NewUser.email("ann@example.com").name("Ann"));
    strict.users().approve(ann.id(), admin.id());
    strict.events().runOnce();

    List<DeliveredEvent> ann1 = received.stream()
        .filter(e -> e.userId().equals(ann.id()) && e.type().startsWith("user.")).toList();
    assertThat(ann1).extracting(DeliveredEvent::type).containsExactly("user.created", "user.status_changed");
    assertThat(ann1.get(0).json()).contains("\"status\":\"PENDING\"", "\"email\":\"ann@example.com\"", "\"version\":1");
    assertThat(ann1.get(1).json()).contains("\"from\":\"PENDING\"", "\"to\":\"APPROVED\"",
        "\"approved_by\":\"" + admin.id().value() + "\"");
  }

  @Test
  void concurrentChangesOfOneUserHaveStrictlyIncreasingVersions() throws Exception {
    User ann = client.users().create(NewUser.email("ann@example.com"));
    int threads = 8;
    int each = 10;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      done.add(pool.submit(() -> {
        for (int i = 0; i < each; i++) {
          client.users().updateProfile(ann.id(), ProfileUpdate.of().company("c" + thread + "-" + i));
        }
      }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    client.events().runOnce();

    List<Long> versions = received.stream().filter(e -> e.type().equals("user.updated")).map(EventsContract::version)
        .toList();
    assertThat(versions).hasSize(threads * each);
    for (int i = 1; i < versions.size(); i++) {
      assertThat(versions.get(i)).as("in delivery order").isGreaterThan(versions.get(i - 1));
    }
  }

  @Test
  void failedDeliveriesRetryOnTheScheduleInOrderPerUserThenDieAndCanBeRedriven() {
    client.close();
    client = client(RelayConfig.defaults().withRetrySchedule(List.of(Duration.ofSeconds(5), Duration.ofMinutes(5))));
    User ann = client.users().create(NewUser.email("ann@example.com"));
    User bob = client.users().create(NewUser.email("bob@example.com"));
    failing.add(ann.id());
    client.users().updateProfile(ann.id(), ProfileUpdate.of().name("Ann"));
    client.users().updateProfile(bob.id(), ProfileUpdate.of().name("Bob"));

    client.events().runOnce();
    assertThat(received).as("bob's events are not held up by ann's").extracting(DeliveredEvent::userId)
        .containsOnly(bob.id());
    received.clear();
    failing.clear();
    assertThat(client.events().runOnce()).as("not due before 5 s").isZero();
    clock.advance(Duration.ofSeconds(5));
    client.events().runOnce();
    assertThat(types()).as("ann's, in order, each after the one before").containsExactly("user.created",
        "ledger.entry_recorded", "user.updated");
    assertThat(received.get(0).attempt()).isEqualTo(2);

    received.clear();
    failing.add(ann.id());
    client.users().updateProfile(ann.id(), ProfileUpdate.of().name("Ann B"));
    client.events().runOnce();
    clock.advance(Duration.ofSeconds(5));
    client.events().runOnce();
    clock.advance(Duration.ofMinutes(5));
    client.events().runOnce();
    List<DeadLetter> dead = client.events().deadLetters("test", 0, 10);
    assertThat(dead).singleElement().satisfies(d -> assertThat(d.event().type()).isEqualTo("user.updated"));
    assertThat(client.events().backlog("test")).isZero();

    failing.clear();
    assertThat(client.events().redrive("test")).isEqualTo(1);
    client.events().runOnce();
    assertThat(types()).containsExactly("user.updated");
    assertThat(received.get(0).attempt()).isEqualTo(4);
    assertThat(client.events().deadLetters("test", 0, 10)).isEmpty();
  }

  @Test
  void noPayloadCarriesAPasswordHashTokenCodeOrLink() {
    Password password = Password.of("correct horse battery");
    client.auth().register("ann@example.com", password, "Ann");
    String code = notifier.lastCode("ann@example.com").orElseThrow();
    User ann = client.auth().confirmRegistration("ann@example.com", code);
    var session = client.auth().login("ann@example.com", password);
    clock.advance(Duration.ofMinutes(1));
    client.auth().changePassword(ann.id(), password, Password.of("another long passphrase"));
    clock.advance(Duration.ofMinutes(2));
    client.auth().requestPasswordReset("ann@example.com");
    String link = notifier.lastResetLink("ann@example.com").orElseThrow();
    client.auth().resetPassword(link.substring(link.indexOf('=') + 1), Password.of("a third long passphrase"));
    client.ledger().deduct(ann.id(), Credits.of(1), IdempotencyKey.of("k"));
    client.users().delete(ann.id());
    client.events().runOnce();

    assertThat(types()).contains("user.created", "user.updated", "user.password_changed", "ledger.entry_recorded",
        "user.deleted");
    String hash = "$argon2id$";
    for (DeliveredEvent event : received) {
      assertThat(event.json()).as(event.type()).doesNotContain("correct horse battery", "another long passphrase",
          "a third long passphrase", hash, session.accessToken(), session.refreshToken(), code, link,
          link.substring(link.indexOf('=') + 1));
    }
    assertThat(received.stream().filter(e -> e.type().equals("user.password_changed")).findFirst().orElseThrow()
        .json()).contains("\"changed_at\":");
  }

  @Test
  void emailAndSecondFactorChangesEmitTheirEventsAndNoSecret() {
    Password password = Password.of("correct horse battery");
    User ann = client.auth().createUser(NewUser.email("ann@example.com"), password);
    client.events().runOnce();
    received.clear();

    client.auth().emails().requestVerification(ann.id());
    String verification = notifier.lastVerificationCode("ann@example.com").orElseThrow();
    client.auth().emails().confirmVerification(ann.id(), verification);
    client.auth().emails().requestChange(ann.id(), "ann@new.example.com", password);
    String change = notifier.lastEmailChangeCode("ann@new.example.com").orElseThrow();
    client.auth().emails().confirmChange(ann.id(), change);
    TotpEnrolment enrolment = client.auth().secondFactors().enrolTotp(ann.id(), "ann");
    AuthenticatorApp app = AuthenticatorApp.scan(enrolment);
    String first = app.codeAt(clock.instant());
    RecoveryCodes codes = client.auth().secondFactors().confirmTotp(ann.id(), first);
    client.auth().secondFactors().disable(ann.id(), codes.codes().get(0));
    client.events().runOnce();

    assertThat(types()).containsExactly("user.email_verified", "user.email_changed", "user.mfa_enabled",
        "user.mfa_disabled");
    assertThat(received.get(1).json()).contains("\"email\":\"ann@new.example.com\"", "\"email_verified\":true");
    assertThat(received.get(2).json()).contains("\"user_version\":0", "\"method\":\"totp\"");
    for (DeliveredEvent event : received) {
      assertThat(event.json()).as(event.type()).doesNotContain(verification, change, enrolment.secret(), first,
          codes.codes().get(0), codes.codes().get(1));
    }
  }

  @Test
  void withoutASubscriptionNothingIsWritten() {
    UserClient silent = UserClient.builder().stores(stores).clock(clock)
        .config(UserSdkConfig.builder().environment(Environment.DEVELOPMENT).build()).build();
    silent.users().create(NewUser.email("ann@example.com"));
    assertThat(client.events().backlog("test")).as("the subscribed client's outbox saw nothing").isZero();
    assertThat(silent.events().subscriptions()).isEmpty();
  }

  @Test
  void deliveredEventsArePrunedAfterTheRetention() {
    client.users().create(NewUser.email("ann@example.com"));
    AtomicInteger before = new AtomicInteger(client.events().runOnce());
    assertThat(before.get()).isEqualTo(2); // created + opening balance
    assertThat(client.events().prune()).as("not yet").isZero();
    clock.advance(Duration.ofDays(8));
    assertThat(client.events().prune()).isEqualTo(2);
  }

  @Test
  void pruningKeepsWhatAnotherSubscriptionHasNotReceived() {
    List<DeliveredEvent> audit = new CopyOnWriteArrayList<>();
    AtomicInteger auditDown = new AtomicInteger(1);
    try (UserClient both = UserClient.builder().stores(stores).clock(clock)
        .config(UserSdkConfig.builder().environment(Environment.DEVELOPMENT).build())
        .subscribe(Subscription.of("test", received::add))
        .subscribe(Subscription.of("audit", event -> {
          if (auditDown.get() == 1) {
            throw new IllegalStateException("the audit endpoint answered 500");
          }
          audit.add(event);
        }))
        .build()) {
      User ann = both.users().create(NewUser.email("ann@example.com"));
      both.users().updateProfile(ann.id(), ProfileUpdate.of().name("Ann"));
      both.events().runOnce();
      assertThat(types()).containsExactly("user.created", "ledger.entry_recorded", "user.updated");
      assertThat(both.events().backlog("audit")).isEqualTo(3);

      clock.advance(Duration.ofDays(8));
      assertThat(both.events().prune()).as("the three deliveries made to test").isEqualTo(3);
      assertThat(both.events().prune()).isZero();
      assertThat(both.events().backlog("audit")).as("audit's deliveries survive the pruning").isEqualTo(3);

      auditDown.set(0);
      clock.advance(Duration.ofDays(1)); // past the back-off of the failed attempt
      both.events().runOnce();
      assertThat(audit).extracting(DeliveredEvent::id)
          .containsExactlyElementsOf(received.stream().map(DeliveredEvent::id).toList());
      assertThat(both.events().prune()).as("and go once made").isEqualTo(3);
    }
  }

  @Test
  void coalescedDeductionsEmitOneEventPerEntryInTheHistorysOrder() {
    try (UserClient coalescing = UserClient.builder().stores(stores).clock(clock)
        .config(UserSdkConfig.builder().environment(Environment.DEVELOPMENT).deductionBatch(64).build())
        .subscribe(Subscription.of("test", received::add))
        .build()) {
      User pool = coalescing.users().create(NewUser.email("pool@example.com"));
      coalescing.ledger().credit(pool.id(), Credits.of("1000"), IdempotencyKey.of("fund"), "funding");
      List<Race.Outcome<Integer>> outcomes = Race.run(8, t -> () -> {
        for (int i = 0; i < 25; i++) {
          coalescing.ledger().deduct(pool.id(), Credits.of("1"), IdempotencyKey.of("d" + t + "-" + i));
        }
        return 25;
      });
      assertThat(outcomes).allMatch(Race.Outcome::succeeded);
      assertThat(coalescing.ledger().coalescingStats().batches()).as("batches formed").isPositive();
      coalescing.events().runOnce();

      List<String> history = new ArrayList<>(coalescing.ledger().history(pool.id(), 500).items().stream()
          .map(entry -> entry.id().value().toString() + " " + entry.balanceAfter().micros()).toList());
      java.util.Collections.reverse(history);
      assertThat(history).as("the funding and 200 deductions (and any opening balance)").hasSizeGreaterThanOrEqualTo(201);
      List<String> events = received.stream().filter(event -> event.type().equals("ledger.entry_recorded"))
          .map(event -> group(ENTRY_ID, event.json()) + " " + group(BALANCE_AFTER, event.json())).toList();
      assertThat(events).as("one event per entry, in the order of the history").containsExactlyElementsOf(history);
    }
  }
}
