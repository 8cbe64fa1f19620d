package dev.usersdk.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usersdk.Environment;
import dev.usersdk.ForbiddenException;
import dev.usersdk.Page;
import dev.usersdk.UserClient;
import dev.usersdk.UserSdkConfig;
import dev.usersdk.ValidationException;
import dev.usersdk.ledger.Balance;
import dev.usersdk.ledger.BalanceLedger;
import dev.usersdk.ledger.ChargePolicy;
import dev.usersdk.ledger.CoalescingStats;
import dev.usersdk.ledger.Credits;
import dev.usersdk.ledger.EntryKind;
import dev.usersdk.ledger.Hold;
import dev.usersdk.ledger.HoldStatus;
import dev.usersdk.ledger.EntryId;
import dev.usersdk.ledger.IdempotencyConflictException;
import dev.usersdk.ledger.IdempotencyKey;
import dev.usersdk.ledger.InsufficientBalanceException;
import dev.usersdk.ledger.LedgerEntry;
import dev.usersdk.ledger.LedgerNotFoundException;
import dev.usersdk.ledger.LedgerStateException;
import dev.usersdk.ledger.Receipt;
import dev.usersdk.spi.Stores;
import dev.usersdk.testkit.ManualClock;
import dev.usersdk.user.AuthProvider;
import dev.usersdk.user.NewUser;
import dev.usersdk.user.User;
import dev.usersdk.user.UserId;
import dev.usersdk.user.UserNotFoundException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@code client.ledger()} guarantees on a given store, including the races: many threads on
 * one hot account, retries racing with one idempotency key, holds racing deductions.
 */
@SuppressWarnings("deprecation") // the actor-less variants are tested while they exist
public abstract class LedgerContract {
  protected Stores stores;
  protected ManualClock clock;
  protected UserClient client;
  protected BalanceLedger ledger;

  /** Fresh stores with no users in them. Called before each test; closed after it. */
  protected abstract Stores createStores();

  @BeforeEach
  void openStores() {
    stores = createStores();
    clock = ManualClock.create();
    client = client(ChargePolicy.everyone(), Credits.of("5.00"));
    ledger = client.ledger();
  }

  @AfterEach
  void closeStores() throws Exception {
    stores.close();
  }

  private UserClient client(ChargePolicy policy, Credits defaultBalance) {
    return UserClient.builder().stores(stores).clock(clock).chargePolicy(policy)
        .config(configure(UserSdkConfig.builder().environment(Environment.DEVELOPMENT).defaultBalance(defaultBalance))
            .build())
        .build();
  }

  /** The configuration every client of the suite gets; override to run it with other settings. */
  protected UserSdkConfig.Builder configure(UserSdkConfig.Builder config) {
    return config.deductionBatch(1); // the per-request path, whatever the default; coalescing by override
  }

  private User newUser(String email) {
    return client.users().create(NewUser.email(email));
  }

  private static IdempotencyKey key(String value) {
    return IdempotencyKey.of(value);
  }

  private static Credits c(String amount) {
    return Credits.of(amount);
  }

  // ----- opening balance ----------------------------------------------------------------------

  @Test
  void aNewUserStartsWithTheDefaultBalanceAsAnOpeningEntry() {
    User ann = newUser("ann@example.com");

    assertThat(ledger.balance(ann.id())).isEqualTo(new Balance(c("5.00"), Credits.ZERO));
    List<LedgerEntry> history = ledger.history(ann.id(), 10).items();
    assertThat(history).hasSize(1);
    assertThat(history.get(0).kind()).isEqualTo(EntryKind.OPENING);
    assertThat(history.get(0).amount()).isEqualTo(c("5.00"));
    assertThat(ledger.reconcile(ann.id()).consistent()).isTrue();
  }

  @Test
  void aZeroDefaultBalanceOpensAnEmptyAccount() {
    UserClient zero = client(ChargePolicy.everyone(), Credits.ZERO);
    User ann = zero.users().create(NewUser.email("ann@example.com"));

    assertThat(zero.ledger().balance(ann.id()).posted()).isEqualTo(Credits.ZERO);
    assertThat(zero.ledger().history(ann.id(), 10).items()).isEmpty();
  }

  // ----- deduct ---------------------------------------------------------------------------------

  @Test
  void deductsAndExplainsItInTheHistory() {
    User ann = newUser("ann@example.com");
    clock.advance(Duration.ofMinutes(1));

    Receipt receipt = ledger.deduct(ann.id(), c("0.25"), key("run-42"), "workflow run 42");

    assertThat(receipt.charged()).isTrue();
    assertThat(receipt.replayed()).isFalse();
    assertThat(receipt.amount()).isEqualTo(c("0.25"));
    assertThat(receipt.balanceAfter()).isEqualTo(c("4.75"));
    assertThat(ledger.balance(ann.id()).available()).isEqualTo(c("4.75"));
    LedgerEntry newest = ledger.history(ann.id(), 1).items().get(0);
    assertThat(newest).isEqualTo(receipt.entry());
    assertThat(newest.kind()).isEqualTo(EntryKind.DEDUCTION);
    assertThat(newest.amount()).isEqualTo(c("-0.25"));
    assertThat(newest.key()).contains(key("run-42"));
    assertThat(newest.memo()).contains("workflow run 42");
    assertThat(newest.createdAt()).isEqualTo(clock.instant());
  }

  @Test
  void refusesWhatTheBalanceDoesNotCoverAndChangesNothing() {
    User ann = newUser("ann@example.com");

    assertThatThrownBy(() -> ledger.deduct(ann.id(), c("5.000001"), key("too-much")))
        .isInstanceOf(InsufficientBalanceException.class)
        .satisfies(e -> {
          InsufficientBalanceException refusal = (InsufficientBalanceException) e;
          assertThat(refusal.requested()).isEqualTo(c("5.000001"));
          assertThat(refusal.available()).isEqualTo(c("5.00"));
          assertThat(refusal.code()).isEqualTo("insufficient_balance");
        });
    assertThat(ledger.balance(ann.id()).posted()).isEqualTo(c("5.00"));
    assertThat(ledger.history(ann.id(), 10).items()).hasSize(1);
    // The refused key was not used up: the same request can succeed once there is money.
    ledger.credit(ann.id(), c("1"), key("top-up"), "top-up");
    assertThat(ledger.deduct(ann.id(), c("5.000001"), key("too-much")).balanceAfter()).isEqualTo(c("0.999999"));
  }

  @Test
  void badInputIsTypedAndChangesNothing() {
    User ann = newUser("ann@example.com");
    UserId ghost = new UserId(UUID.randomUUID());

    assertThatThrownBy(() -> ledger.deduct(ann.id(), Credits.ZERO, key("k"))).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> ledger.deduct(ann.id(), c("-1"), key("k"))).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> ledger.credit(ann.id(), c("-1"), key("k"), "x")).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> ledger.hold(ann.id(), c("1"), key("k"), Duration.ZERO)).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> ledger.deduct(ghost, c("1"), key("k"))).isInstanceOf(UserNotFoundException.class);
    assertThatThrownBy(() -> ledger.credit(ghost, c("1"), key("k"), "x")).isInstanceOf(UserNotFoundException.class);
    assertThatThrownBy(() -> ledger.balance(ghost)).isInstanceOf(UserNotFoundException.class);
    assertThatThrownBy(() -> IdempotencyKey.of("has space")).isInstanceOf(ValidationException.class);

    assertThat(ledger.balance(ann.id()).posted()).isEqualTo(c("5.00"));
    assertThat(ledger.history(ann.id(), 10).items()).hasSize(1);
  }

  // ----- idempotency ----------------------------------------------------------------------------

  @Test
  void aRetryWithTheSameKeyReturnsTheOriginalReceipt() {
    User ann = newUser("ann@example.com");
    Receipt first = ledger.deduct(ann.id(), c("1.50"), key("run-1"));
    clock.advance(Duration.ofHours(1));

    Receipt retry = ledger.deduct(ann.id(), c("1.50"), key("run-1"));

    assertThat(retry.replayed()).isTrue();
    assertThat(retry.entry()).isEqualTo(first.entry());
    assertThat(ledger.balance(ann.id()).posted()).isEqualTo(c("3.50"));
    // Even when the balance would no longer cover it, the retry gets the original answer.
    ledger.deduct(ann.id(), c("3.50"), key("run-2"));
    assertThat(ledger.deduct(ann.id(), c("1.50"), key("run-1")).entry()).isEqualTo(first.entry());
  }

  @Test
  void theSameKeyForAnotherRequestIsAConflict() {
    User ann = newUser("ann@example.com");
    ledger.deduct(ann.id(), c("1.00"), key("run-1"));
    ledger.hold(ann.id(), c("1.00"), key("hold-1"), Duration.ofMinutes(5));

    assertThatThrownBy(() -> ledger.deduct(ann.id(), c("2.00"), key("run-1"))).isInstanceOf(IdempotencyConflictException.class);
    assertThatThrownBy(() -> ledger.credit(ann.id(), c("1.00"), key("run-1"), "x")).isInstanceOf(IdempotencyConflictException.class);
    assertThatThrownBy(() -> ledger.deduct(ann.id(), c("1.00"), key("hold-1"))).isInstanceOf(IdempotencyConflictException.class);
    assertThatThrownBy(() -> ledger.hold(ann.id(), c("1.00"), key("run-1"), Duration.ofMinutes(5)))
        .isInstanceOf(IdempotencyConflictException.class);
    assertThat(ledger.balance(ann.id())).isEqualTo(new Balance(c("4.00"), c("1.00")));
  }

  @Test
  void keysArePerUser() {
    User ann = newUser("ann@example.com");
    User bob = newUser("bob@example.com");

    ledger.deduct(ann.id(), c("1"), key("run-1"));
    Receipt bobs = ledger.deduct(bob.id(), c("2"), key("run-1"));

    assertThat(bobs.replayed()).isFalse();
    assertThat(ledger.balance(bob.id()).posted()).isEqualTo(c("3.00"));
  }

  // ----- credit, refund, adjust ---------------------------------------------------------------

  @Test
  void aCreditOrAdjustmentThatWouldOverflowTheBalanceIsAValidationErrorAndChangesNothing() {
    User ann = newUser("ann@example.com");
    User admin = client.users().create(NewUser.email("admin@example.com").admin(true));
    Credits huge = Credits.ofMicros(Long.MAX_VALUE - 1);

    assertThatThrownBy(() -> ledger.credit(ann.id(), huge, key("too-much"), null))
        .isInstanceOf(ValidationException.class).hasMessageContaining("too large");
    assertThatThrownBy(() -> ledger.adjust(ann.id(), huge, "too much", admin.id()))
        .isInstanceOf(ValidationException.class).hasMessageContaining("too large");

    assertThat(ledger.balance(ann.id()).available()).isEqualTo(c("5.00"));
    assertThat(ledger.history(ann.id(), 10, null).items()).hasSize(1);
    assertThat(ledger.reconcile(ann.id()).consistent()).isTrue();
    assertThat(ledger.credit(ann.id(), c("1"), key("too-much"), null).replayed())
        .as("the refused key was not taken").isFalse();
  }

  @Test
  void refundsAdjustmentsCapturesAndReleasesAreSafeToRetry() {
    User ann = newUser("ann@example.com");
    User admin = client.users().create(NewUser.email("admin@example.com").admin(true));
    LedgerEntry charge = ledger.deduct(ann.id(), c("2.00"), key("run-1")).entry();

    LedgerEntry refund = ledger.refund(charge.id(), c("2.00"), key("refund-1"));
    assertThat(ledger.refund(charge.id(), c("2.00"), key("refund-1"))).as("a lost answer, asked again").isEqualTo(refund);
    assertThat(refund.key()).contains(key("refund-1"));
    assertThat(ledger.balance(ann.id()).available()).as("paid back once").isEqualTo(c("5.00"));
    assertThatThrownBy(() -> ledger.refund(charge.id(), c("1.00"), key("refund-1")))
        .isInstanceOf(IdempotencyConflictException.class);

    LedgerEntry grant = ledger.adjust(ann.id(), c("10"), "goodwill", admin.id(), key("adjust-1"));
    assertThat(ledger.adjust(ann.id(), c("10"), "goodwill", admin.id(), key("adjust-1"))).isEqualTo(grant);
    assertThat(ledger.balance(ann.id()).available()).as("granted once").isEqualTo(c("15.00"));
    assertThatThrownBy(() -> ledger.adjust(ann.id(), c("-10"), "oops", admin.id(), key("adjust-1")))
        .isInstanceOf(IdempotencyConflictException.class);

    Hold hold = ledger.hold(ann.id(), c("3.00"), key("hold-1"), Duration.ofMinutes(5));
    LedgerEntry captured = ledger.capture(hold.id(), c("1.00"), key("capture-1"));
    assertThat(ledger.capture(hold.id(), c("1.00"), key("capture-1"))).as("not a LedgerStateException").isEqualTo(captured);
    assertThatThrownBy(() -> ledger.capture(hold.id(), c("2.00"), key("capture-1")))
        .isInstanceOf(IdempotencyConflictException.class);
    assertThatThrownBy(() -> ledger.release(hold.id(), key("release-x"))).as("a new request on a settled hold")
        .isInstanceOf(LedgerStateException.class);

    Hold other = ledger.hold(ann.id(), c("1.00"), key("hold-2"), Duration.ofMinutes(5));
    LedgerEntry released = ledger.release(other.id(), key("release-2"));
    assertThat(ledger.release(other.id(), key("release-2"))).isEqualTo(released);
    assertThatThrownBy(() -> ledger.release(hold.id(), key("release-2"))).as("the key names another hold")
        .isInstanceOf(IdempotencyConflictException.class);

    assertThat(ledger.balance(ann.id()).available()).isEqualTo(c("14.00"));
    assertThat(ledger.reconcile(ann.id()).consistent()).isTrue();
    assertThat(ledger.history(ann.id(), 50, null).items()).as("each request written once").hasSize(8);
  }

  @Test
  void creditsAndRefundsUpToWhatWasCharged() {
    User ann = newUser("ann@example.com");
    assertThat(ledger.credit(ann.id(), c("10"), key("top-up-1"), "card payment").balanceAfter()).isEqualTo(c("15.00"));
    assertThat(ledger.credit(ann.id(), c("10"), key("top-up-1"), "card payment").replayed()).isTrue();
    Receipt charge = ledger.deduct(ann.id(), c("4"), key("run-1"));

    LedgerEntry partial = ledger.refund(charge.entryId(), c("1.5"));
    assertThat(partial.kind()).isEqualTo(EntryKind.REFUND);
    assertThat(partial.relatedEntry()).contains(charge.entryId());
    ledger.refund(charge.entryId(), c("2.5"));
    assertThatThrownBy(() -> ledger.refund(charge.entryId(), c("0.000001"))).isInstanceOf(LedgerStateException.class);
    assertThatThrownBy(() -> ledger.refund(ledger.history(ann.id(), 10).items().get(0).id(), c("1")))
        .isInstanceOf(LedgerStateException.class);
    assertThatThrownBy(() -> ledger.refund(new dev.usersdk.ledger.EntryId(UUID.randomUUID()), c("1")))
        .isInstanceOf(LedgerNotFoundException.class);

    assertThat(ledger.balance(ann.id()).posted()).isEqualTo(c("15.00"));
    assertThat(ledger.reconcile(ann.id()).consistent()).isTrue();
  }

  @Test
  void onlyAdminsAdjustAndTheAdminIsRecorded() {
    User admin = client.users().create(NewUser.email("admin@example.com").admin(true));
    User ann = newUser("ann@example.com");

    LedgerEntry up = ledger.adjust(ann.id(), c("20"), "goodwill", admin.id());
    LedgerEntry down = ledger.adjust(ann.id(), c("-5"), "correction", admin.id());

    assertThat(up.actor()).contains(admin.id());
    assertThat(down.amount()).isEqualTo(c("-5"));
    assertThat(down.memo()).contains("correction");
    assertThat(ledger.balance(ann.id()).posted()).isEqualTo(c("20.00"));
    assertThatThrownBy(() -> ledger.adjust(ann.id(), c("1"), "sneaky", ann.id())).isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> ledger.adjust(ann.id(), c("-21"), "too far", admin.id()))
        .isInstanceOf(InsufficientBalanceException.class);
    assertThat(ledger.balance(ann.id()).posted()).isEqualTo(c("20.00"));
  }

  // ----- holds ----------------------------------------------------------------------------------

  @Test
  void aHoldReservesAndACaptureSettlesOnce() {
    User ann = newUser("ann@example.com");
    Hold hold = ledger.hold(ann.id(), c("3"), key("job-1"), Duration.ofMinutes(10));

    assertThat(ledger.balance(ann.id())).isEqualTo(new Balance(c("5"), c("3")));
    assertThatThrownBy(() -> ledger.deduct(ann.id(), c("2.5"), key("run-1"))).isInstanceOf(InsufficientBalanceException.class);
    assertThat(ledger.hold(ann.id(), c("3"), key("job-1"), Duration.ofMinutes(10))).isEqualTo(hold);

    LedgerEntry capture = ledger.capture(hold.id(), c("1.25"));
    assertThat(capture.amount()).isEqualTo(c("-1.25"));
    assertThat(ledger.balance(ann.id())).isEqualTo(new Balance(c("3.75"), Credits.ZERO));
    assertThat(ledger.getHold(hold.id()).status()).isEqualTo(HoldStatus.CAPTURED);
    assertThat(ledger.getHold(hold.id()).captured()).isEqualTo(c("1.25"));
    assertThatThrownBy(() -> ledger.capture(hold.id(), c("1"))).isInstanceOf(LedgerStateException.class);
    assertThatThrownBy(() -> ledger.release(hold.id())).isInstanceOf(LedgerStateException.class);
    assertThat(ledger.reconcile(ann.id()).consistent()).isTrue();
    // A capture is a charge: it can be refunded.
    ledger.refund(capture.id(), c("1.25"));
    assertThat(ledger.balance(ann.id()).posted()).isEqualTo(c("5.00"));
  }

  @Test
  void aReleasedHoldGivesEverythingBack() {
    User ann = newUser("ann@example.com");
    Hold hold = ledger.hold(ann.id(), c("5"), key("job-1"), Duration.ofMinutes(10));

    assertThatThrownBy(() -> ledger.capture(hold.id(), c("5.01"))).isInstanceOf(LedgerStateException.class);
    ledger.release(hold.id());

    assertThat(ledger.balance(ann.id())).isEqualTo(new Balance(c("5"), Credits.ZERO));
    assertThat(ledger.getHold(hold.id()).status()).isEqualTo(HoldStatus.RELEASED);
    assertThatThrownBy(() -> ledger.getHold(new dev.usersdk.ledger.HoldId(UUID.randomUUID())))
        .isInstanceOf(LedgerNotFoundException.class);
  }

  @Test
  void anExpiredHoldStopsCountingAtReadAndWriteTimeAndIsSweptOnce() {
    User ann = newUser("ann@example.com");
    User bob = newUser("bob@example.com");
    Hold annsHold = ledger.hold(ann.id(), c("4"), key("job-1"), Duration.ofMinutes(15));
    Hold bobsHold = ledger.hold(bob.id(), c("4"), key("job-1"), Duration.ofMinutes(15));
    clock.advance(Duration.ofMinutes(15));

    assertThat(ledger.balance(ann.id()).available()).isEqualTo(c("5.00"));
    assertThat(ledger.deduct(ann.id(), c("4.5"), key("run-1")).balanceAfter()).isEqualTo(c("0.50"));
    assertThat(ledger.getHold(annsHold.id()).status()).isEqualTo(HoldStatus.EXPIRED);
    assertThatThrownBy(() -> ledger.capture(bobsHold.id(), c("1"))).isInstanceOf(LedgerStateException.class);

    assertThat(ledger.sweepExpiredHolds()).isEqualTo(1);
    assertThat(ledger.sweepExpiredHolds()).isZero();
    assertThat(ledger.getHold(bobsHold.id()).status()).isEqualTo(HoldStatus.EXPIRED);
    assertThat(ledger.balance(bob.id())).isEqualTo(new Balance(c("5"), Credits.ZERO));
    assertThat(ledger.reconcileAll()).isEmpty();
  }

  // ----- history, reconcile, policy, delete ------------------------------------------------------

  @Test
  void pagesThroughTheHistoryNewestFirst() {
    User ann = newUser("ann@example.com");
    for (int i = 1; i <= 12; i++) {
      clock.advance(Duration.ofSeconds(1));
      ledger.deduct(ann.id(), c("0.1"), key("run-" + i));
    }

    List<LedgerEntry> all = new ArrayList<>();
    Page<LedgerEntry> page = ledger.history(ann.id(), 5);
    all.addAll(page.items());
    while (page.hasNext()) {
      page = ledger.history(ann.id(), 5, page.nextCursor().get());
      all.addAll(page.items());
    }

    assertThat(all).hasSize(13);
    assertThat(all.get(0).key()).contains(key("run-12"));
    assertThat(all.get(12).kind()).isEqualTo(EntryKind.OPENING);
    assertThat(all.stream().map(LedgerEntry::createdAt).collect(Collectors.toList()))
        .isSortedAccordingTo(java.util.Comparator.reverseOrder());
    assertThat(all.get(0).balanceAfter()).isEqualTo(c("3.80"));
  }

  @Test
  void anExemptUserIsNotChargedButTheUsageIsRecorded() {
    UserClient onlyAuth0 = client(ChargePolicy.onlyProviders(AuthProvider.AUTH0), Credits.of("5"));
    User local = onlyAuth0.users().create(NewUser.email("local@example.com"));
    User external = onlyAuth0.users().create(NewUser.external(AuthProvider.AUTH0, "auth0|1"));

    Receipt free = onlyAuth0.ledger().deduct(local.id(), c("2"), key("run-1"));
    Receipt paid = onlyAuth0.ledger().deduct(external.id(), c("2"), key("run-1"));

    assertThat(free.charged()).isFalse();
    assertThat(free.entry().kind()).isEqualTo(EntryKind.USAGE);
    assertThat(onlyAuth0.ledger().balance(local.id()).posted()).isEqualTo(c("5.00"));
    assertThat(onlyAuth0.ledger().deduct(local.id(), c("2"), key("run-1")).replayed()).isTrue();
    assertThat(paid.charged()).isTrue();
    assertThat(onlyAuth0.ledger().balance(external.id()).posted()).isEqualTo(c("3.00"));
  }

  @Test
  void usageRecordedForAnExemptUserWhileCreditsRaceKeepsTheHistoryARunningBalance() {
    UserClient onlyAuth0 = client(ChargePolicy.onlyProviders(AuthProvider.AUTH0), Credits.of("5"));
    User local = onlyAuth0.users().create(NewUser.email("exempt@example.com"));
    List<Race.Outcome<Integer>> outcomes = Race.run(8, t -> () -> {
      for (int i = 0; i < 15; i++) {
        if (t % 2 == 0) {
          onlyAuth0.ledger().credit(local.id(), c("1"), key("g" + t + "-" + i), "top-up");
        } else {
          assertThat(onlyAuth0.ledger().deduct(local.id(), c("2"), key("u" + t + "-" + i)).charged()).isFalse();
        }
      }
      return 15;
    });

    assertThat(outcomes).allSatisfy(o -> assertThat(o.failure()).isNull());
    assertThat(onlyAuth0.ledger().balance(local.id()).posted()).isEqualTo(c("65"));
    List<LedgerEntry> history = onlyAuth0.ledger().history(local.id(), 500).items();
    assertThat(history).filteredOn(e -> e.kind() == EntryKind.USAGE).hasSize(60);
    // A usage entry records the balance as it stood: under the account's lock, as every write.
    assertRunningBalanceInOrder(history);
  }

  @Test
  void deletingAUserDeletesItsLedger() {
    User ann = newUser("ann@example.com");
    ledger.deduct(ann.id(), c("1"), key("run-1"));
    ledger.hold(ann.id(), c("1"), key("job-1"), Duration.ofMinutes(1));

    client.users().delete(ann.id());

    assertThatThrownBy(() -> ledger.balance(ann.id())).isInstanceOf(UserNotFoundException.class);
    assertThatThrownBy(() -> ledger.history(ann.id(), 10)).isInstanceOf(UserNotFoundException.class);
    assertThat(ledger.reconcileAll()).isEmpty();
  }

  // ----- races ----------------------------------------------------------------------------------

  @Test
  void everyDeductionOfARaceRecordsExactlyOneEventWithItsOwnBalance() {
    List<dev.usersdk.event.DeliveredEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    UserClient subscribed = UserClient.builder().stores(stores).clock(clock)
        .config(configure(UserSdkConfig.builder().environment(Environment.DEVELOPMENT).defaultBalance(Credits.ZERO))
            .build())
        .subscribe(dev.usersdk.event.Subscription.of("ledger", events::add)).build();
    User pool = subscribed.users().create(NewUser.email("pool@example.com"));
    subscribed.ledger().credit(pool.id(), c("200"), key("fund"), "funding");
    List<Race.Outcome<Integer>> outcomes = Race.run(16, t -> () -> {
      int succeeded = 0;
      for (int i = 0; i < 10; i++) {
        try {
          subscribed.ledger().deduct(pool.id(), c("1"), key("e" + t + "-" + i));
          succeeded++;
        } catch (InsufficientBalanceException e) {
          // not with these amounts
        }
      }
      return succeeded;
    });
    assertThat(outcomes).allSatisfy(o -> assertThat(o.failure()).isNull());
    int succeeded = outcomes.stream().mapToInt(Race.Outcome::value).sum();
    assertThat(succeeded).isEqualTo(160);
    subscribed.events().runOnce();

    List<Credits> balances = events.stream().map(e -> dev.usersdk.event.EventJson.parse(e.json()))
        .filter(e -> e instanceof dev.usersdk.event.UserEvent.EntryRecorded r && r.kind() == dev.usersdk.ledger.EntryKind.DEDUCTION)
        .map(e -> ((dev.usersdk.event.UserEvent.EntryRecorded) e).balanceAfter()).toList();
    assertThat(balances).as("one event per deduction").hasSize(160);
    assertThat(new java.util.HashSet<>(balances)).as("each with its own running balance").hasSize(160);
    assertThat(balances).as("in commit order").isSortedAccordingTo(java.util.Comparator.reverseOrder());
    assertThat(subscribed.ledger().reconcile(pool.id()).consistent()).isTrue();
  }

  @Test
  void sixtyFourThreadsMakeTwentyThousandDeductionsAgainstTenThousandCredits() {
    User hot = newUser("hot@example.com");
    ledger.credit(hot.id(), c("9995"), key("fund"), "funding");
    int threads = 64;
    int perThread = 20_000 / threads + 1; // 313 x 64 = 20,032 attempts
    AtomicInteger refused = new AtomicInteger();

    List<Race.Outcome<Integer>> outcomes = Race.run(threads, t -> () -> {
      int succeeded = 0;
      for (int i = 0; i < perThread; i++) {
        try {
          ledger.deduct(hot.id(), c("1.00"), key("t" + t + "-" + i));
          succeeded++;
        } catch (InsufficientBalanceException e) {
          refused.incrementAndGet();
        }
      }
      return succeeded;
    });

    assertThat(outcomes).allSatisfy(o -> assertThat(o.failure()).isNull());
    int succeeded = outcomes.stream().mapToInt(Race.Outcome::value).sum();
    assertThat(succeeded).isEqualTo(10_000);
    assertThat(refused.get()).isEqualTo(threads * perThread - 10_000);
    assertThat(ledger.balance(hot.id())).isEqualTo(new Balance(Credits.ZERO, Credits.ZERO));
    assertThat(ledger.reconcile(hot.id()).consistent()).isTrue();
    assertThat(ledger.reconcile(hot.id()).entries()).isEqualTo(2 + 10_000);
    assertRunningBalanceInOrder(ledger.history(hot.id(), 500).items()); // the last 500
    assertCoalescedWithoutFallback(1);
  }

  /**
   * With coalescing configured, a race ran in batches, and none failed into the one-by-one fall-back
   * (which would hide a broken batch path behind correct results); without, nothing is counted.
   */
  private void assertCoalescedWithoutFallback(int atLeastBatches) {
    CoalescingStats stats = ledger.coalescingStats();
    if (!coalescing()) {
      assertThat(stats).isEqualTo(CoalescingStats.NONE);
      return;
    }
    assertThat(stats.batches()).as("batches of more than one").isGreaterThanOrEqualTo(atLeastBatches);
    assertThat(stats.fallbacks()).as("batches that failed into one by one").isZero();
  }

  @Test
  void racingRetriesReplayWhetherTheirKeyWasStoredBeforeOrTakenEarlierInTheSameBatch() {
    User pool = newUser("pool@example.com");
    ledger.credit(pool.id(), c("995"), key("fund"), "funding"); // 1,000.00 in all
    Map<String, Object> stored = new HashMap<>();
    for (int i = 0; i < 20; i++) {
      stored.put("k" + i, ledger.deduct(pool.id(), c("1"), key("k" + i)).entryId());
    }
    int threads = 16;
    List<Race.Outcome<List<Receipt>>> outcomes = Race.run(threads, t -> () -> {
      List<Receipt> receipts = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        receipts.add(ledger.deduct(pool.id(), c("1"), key("k" + (i + t) % 40)));
        if (t == 0 && i == 10) {
          try {
            ledger.deduct(pool.id(), c("2"), key("k5"));
            throw new AssertionError("another amount under a stored key was accepted");
          } catch (IdempotencyConflictException expected) {
            // the same key for another request, inside a batch as alone
          }
        }
      }
      return receipts;
    });

    assertThat(outcomes).allSatisfy(o -> assertThat(o.failure()).isNull());
    List<Receipt> receipts = outcomes.stream().flatMap(o -> o.value().stream()).toList();
    Map<String, Set<Object>> entriesByKey = receipts.stream().collect(Collectors.groupingBy(
        r -> r.entry().key().orElseThrow().value(), Collectors.mapping(Receipt::entryId, Collectors.toSet())));
    assertThat(entriesByKey).hasSize(40).allSatisfy((k, ids) -> assertThat(ids).as(k).hasSize(1));
    stored.forEach((k, id) -> assertThat(entriesByKey.get(k)).as("stored before: " + k).containsExactly(id));
    assertThat(receipts.stream().filter(r -> !r.replayed())).as("each new key charged once").hasSize(20);
    assertThat(ledger.balance(pool.id()).posted()).isEqualTo(c("960"));
    assertThat(ledger.reconcile(pool.id()).consistent()).isTrue();
    assertThat(ledger.reconcile(pool.id()).entries()).isEqualTo(2 + 40);
    assertCoalescedWithoutFallback(0);
  }

  @Test
  void eightThreadsRacingOneKeyChargeExactlyOnce() {
    User ann = newUser("ann@example.com");

    List<Race.Outcome<Receipt>> outcomes = Race.run(8, t -> () -> ledger.deduct(ann.id(), c("1.25"), key("run-same")));

    assertThat(outcomes).allSatisfy(o -> assertThat(o.failure()).isNull());
    Set<Object> entries = outcomes.stream().map(o -> o.value().entryId()).collect(Collectors.toSet());
    assertThat(entries).hasSize(1);
    assertThat(outcomes.stream().filter(o -> !o.value().replayed())).hasSize(1);
    assertThat(ledger.balance(ann.id()).posted()).isEqualTo(c("3.75"));
    assertThat(ledger.reconcile(ann.id()).consistent()).isTrue();
  }

  @Test
  void racingHoldsAndDeductionsNeverPushAvailableBelowZero() {
    User ann = newUser("ann@example.com");
    ledger.credit(ann.id(), c("95"), key("fund"), "funding"); // 100.00 in all
    int threads = 16;
    int perThread = 20;

    List<Race.Outcome<List<Hold>>> outcomes = Race.run(threads, t -> () -> {
      List<Hold> holds = new ArrayList<>();
      for (int i = 0; i < perThread; i++) {
        try {
          if ((t + i) % 2 == 0) {
            holds.add(ledger.hold(ann.id(), c("3"), key("h" + t + "-" + i), Duration.ofMinutes(5)));
          } else {
            ledger.deduct(ann.id(), c("2"), key("d" + t + "-" + i));
          }
        } catch (InsufficientBalanceException expected) {
          // the balance ran out; what matters is that it never went below zero
        }
        Balance seen = ledger.balance(ann.id());
        if (seen.available().isNegative() || seen.held().isNegative()) {
          throw new AssertionError("available went below zero: " + seen);
        }
      }
      return holds;
    });

    assertThat(outcomes).allSatisfy(o -> assertThat(o.failure()).isNull());
    List<Hold> holds = outcomes.stream().flatMap(o -> o.value().stream()).collect(Collectors.toList());
    Balance end = ledger.balance(ann.id());
    assertThat(end.held()).isEqualTo(Credits.ofMicros(3_000_000L * holds.size()));
    assertThat(end.available().isNegative()).isFalse();
    for (Hold hold : holds) {
      ledger.capture(hold.id(), hold.amount());
    }
    Balance settled = ledger.balance(ann.id());
    assertThat(settled.held()).isEqualTo(Credits.ZERO);
    assertThat(settled.posted().isNegative()).isFalse();
    assertThat(settled.posted().micros()).isLessThan(2_000_000L); // spent down to less than one deduction
    assertThat(ledger.reconcile(ann.id()).consistent()).isTrue();
    assertCoalescedWithoutFallback(0);
  }

  @Test
  void aStaleHoldExpiredDuringARaceFreesItsCreditsAndHistoryStaysARunningBalance() {
    User pool = newUser("pool@example.com");
    ledger.credit(pool.id(), c("95"), key("fund"), "funding"); // 100.00 in all
    Hold stale = ledger.hold(pool.id(), c("30"), key("stale"), Duration.ofMinutes(1));
    clock.advance(Duration.ofMinutes(2)); // expired, not swept: 70.00 look available until it is
    List<Race.Outcome<Integer>> outcomes = Race.run(16, t -> () -> {
      int succeeded = 0;
      for (int i = 0; i < 10; i++) {
        try {
          ledger.deduct(pool.id(), c("1"), key("s" + t + "-" + i));
          succeeded++;
        } catch (InsufficientBalanceException e) {
          // 160 asked, 100 there
        }
      }
      return succeeded;
    });

    assertThat(outcomes).allSatisfy(o -> assertThat(o.failure()).isNull());
    assertThat(outcomes.stream().mapToInt(Race.Outcome::value).sum()).as("the stale hold's 30 too").isEqualTo(100);
    assertThat(ledger.getHold(stale.id()).status()).isEqualTo(HoldStatus.EXPIRED);
    assertThat(ledger.balance(pool.id())).isEqualTo(new Balance(Credits.ZERO, Credits.ZERO));
    assertThat(ledger.reconcile(pool.id()).consistent()).isTrue();
    assertRunningBalanceInOrder(ledger.history(pool.id(), 500).items()); // the expiry's entries included
    assertCoalescedWithoutFallback(0);
  }

  private boolean coalescing() {
    return configure(UserSdkConfig.builder().environment(Environment.DEVELOPMENT)).build().deductionBatch() > 1;
  }

  @Test
  void racingHoldsUnderSharedKeysReserveOncePerKeyAndReplayTheSameHold() {
    User ann = newUser("ann@example.com");
    ledger.credit(ann.id(), c("95"), key("fund"), "funding"); // 100.00 in all
    int threads = 12;
    List<Race.Outcome<List<Hold>>> outcomes = Race.run(threads, t -> () -> {
      List<Hold> holds = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        holds.add(ledger.hold(ann.id(), c("2"), key("h" + (i + t) % 30), Duration.ofMinutes(5)));
        if (t == 0 && i == 3) {
          try {
            ledger.hold(ann.id(), c("3"), key("h1"), Duration.ofMinutes(5));
            throw new AssertionError("another amount under a used key was accepted");
          } catch (IdempotencyConflictException expected) {
            // the same key for another request
          }
        }
      }
      return holds;
    });

    assertThat(outcomes).allSatisfy(o -> assertThat(o.failure()).isNull());
    Map<String, Set<Object>> holdsByKey = outcomes.stream().flatMap(o -> o.value().stream())
        .collect(Collectors.groupingBy(h -> h.key().value(), Collectors.mapping(Hold::id, Collectors.toSet())));
    assertThat(holdsByKey).hasSize(30).allSatisfy((k, ids) -> assertThat(ids).as(k).hasSize(1));
    Balance balance = ledger.balance(ann.id());
    assertThat(balance.held()).as("one reservation per key").isEqualTo(c("60"));
    assertThat(balance.available()).isEqualTo(c("40"));
    assertThat(ledger.history(ann.id(), 100).items()).filteredOn(e -> e.kind() == EntryKind.HOLD).hasSize(30);
    Hold any = ledger.getHold(outcomes.get(0).value().get(0).id());
    assertThat(any.status()).isEqualTo(HoldStatus.ACTIVE);
    ledger.capture(any.id(), c("1"));
    assertThat(ledger.balance(ann.id()).posted()).isEqualTo(c("99"));
    assertThat(ledger.reconcile(ann.id()).consistent()).isTrue();
    assertCoalescedWithoutFallback(0);
  }

  @Test
  void racingKeyedCapturesAndReleasesResolveEachHoldOnceAndTheirRetriesReplay() {
    User pool = newUser("pool@example.com");
    ledger.credit(pool.id(), c("995"), key("fund"), "funding"); // 1,000.00 in all
    List<Hold> made = new ArrayList<>();
    for (int i = 0; i < 48; i++) {
      made.add(ledger.hold(pool.id(), c("10"), key("h" + i), Duration.ofMinutes(5)));
    }
    int threads = 12;
    // Each hold is resolved by two threads under the same key (one makes it, one replays), while
    // deductions use what the releases free.
    List<Race.Outcome<List<LedgerEntry>>> outcomes = Race.run(threads, t -> () -> {
      List<LedgerEntry> entries = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        int h = t / 2 * 8 + i; // threads 2k and 2k+1 resolve the same hold at the same step
        Hold hold = made.get(h);
        entries.add(h % 2 == 0 ? ledger.capture(hold.id(), c("4"), key("c" + h))
            : ledger.release(hold.id(), key("r" + h)));
        ledger.deduct(pool.id(), c("1"), key("d" + t + "-" + i));
      }
      return entries;
    });

    assertThat(outcomes).allSatisfy(o -> assertThat(o.failure()).isNull());
    Map<Object, Set<EntryId>> entriesByHold = outcomes.stream().flatMap(o -> o.value().stream())
        .collect(Collectors.groupingBy(e -> e.hold().orElseThrow(), Collectors.mapping(LedgerEntry::id,
            Collectors.toSet())));
    assertThat(entriesByHold).hasSize(48).allSatisfy((hold, ids) -> assertThat(ids).as("%s", hold).hasSize(1));
    Balance balance = ledger.balance(pool.id());
    assertThat(balance.held()).isEqualTo(c("0"));
    assertThat(balance.posted()).as("1,000 - 24 captures of 4 - 96 deductions of 1").isEqualTo(c("808"));
    List<LedgerEntry> history = ledger.history(pool.id(), 500).items();
    assertThat(history).filteredOn(e -> e.kind() == EntryKind.CAPTURE).hasSize(24);
    assertThat(history).filteredOn(e -> e.kind() == EntryKind.RELEASE).hasSize(24);
    assertThat(ledger.reconcile(pool.id()).consistent()).isTrue();
    assertRunningBalanceInOrder(history);
    assertThatThrownBy(() -> ledger.capture(made.get(0).id(), c("5"), key("c0")))
        .isInstanceOf(IdempotencyConflictException.class);
    assertThatThrownBy(() -> ledger.capture(made.get(0).id(), c("4"), key("c0-again")))
        .isInstanceOf(LedgerStateException.class);
    assertCoalescedWithoutFallback(0); // in memory a batch may not form; CoalescedDeductionsTest proves they do
  }

  @Test
  void racingKeyedRefundsAndAdjustmentsStayWithinTheirChargesAndTheirRetriesReplay() {
    User admin = client.users().create(NewUser.email("admin@example.com").admin(true));
    User pool = newUser("pool@example.com");
    ledger.credit(pool.id(), c("995"), key("fund"), "funding"); // 1,000.00 in all
    List<Receipt> charges = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      charges.add(ledger.deduct(pool.id(), c("10"), key("charge" + i))); // 880 left
    }
    int threads = 12;
    // Every thread refunds 3 of every charge under its own key (12 x 3 > 10: only three fit per
    // charge), repeats its first refund under the same key, and adjusts by +2 and -1 under keys
    // two threads share.
    List<Race.Outcome<List<Object>>> outcomes = Race.run(threads, t -> () -> {
      List<Object> answers = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        Receipt charge = charges.get(i); // all threads at one charge at once: batches hold several
        try {
          answers.add(ledger.refund(charge.entryId(), c("3"), key("refund" + t + "-" + charge.entryId())));
        } catch (LedgerStateException exceeded) {
          answers.add(exceeded);
        }
        if (i == 0) {
          try {
            answers.add(ledger.refund(charge.entryId(), c("3"), key("refund" + t + "-" + charge.entryId())));
          } catch (LedgerStateException exceeded) {
            answers.add(exceeded);
          }
        }
        answers.add(ledger.adjust(pool.id(), c("2"), "goodwill", admin.id(), key("up" + t / 2 + "-" + i)));
        answers.add(ledger.adjust(pool.id(), c("-1"), "fee", admin.id(), key("down" + t / 2 + "-" + i)));
      }
      return answers;
    });

    assertThat(outcomes).allSatisfy(o -> assertThat(o.failure()).isNull());
    List<LedgerEntry> history = new ArrayList<>();
    Optional<String> cursor = Optional.empty();
    do {
      var page = ledger.history(pool.id(), 500, cursor.orElse(null));
      history.addAll(page.items());
      cursor = page.nextCursor();
    } while (cursor.isPresent());
    Map<Object, Credits> refundedPerCharge = history.stream().filter(e -> e.kind() == EntryKind.REFUND)
        .collect(Collectors.groupingBy(e -> e.relatedEntry().orElseThrow(),
            Collectors.reducing(Credits.ZERO, LedgerEntry::amount, Credits::plus)));
    assertThat(refundedPerCharge).hasSize(12).allSatisfy((charge, refunded) ->
        assertThat(refunded).as("refunds of %s", charge).isEqualTo(c("9")));
    assertThat(history).filteredOn(e -> e.kind() == EntryKind.ADJUSTMENT).as("one per shared key").hasSize(2 * 72);
    assertThat(client.audit().ofSubject(pool.id(), 500, null).items())
        .as("one audit entry per adjustment written, in a batch or alone").hasSize(2 * 72)
        .allSatisfy(e -> assertThat(e.actor()).contains(admin.id()));
    // Each thread's first refund, asked twice, got the same answer both times.
    for (Race.Outcome<List<Object>> outcome : outcomes) {
      Object first = outcome.value().get(0);
      Object again = outcome.value().get(1);
      if (first instanceof LedgerEntry entry) {
        assertThat(again).isEqualTo(entry);
      } else {
        assertThat(again).isInstanceOf(LedgerStateException.class);
      }
    }
    assertThat(ledger.balance(pool.id()).posted()).as("1,000 - 120 charged + 108 refunded + 72 x (2 - 1)")
        .isEqualTo(c("1060"));
    assertThat(ledger.reconcile(pool.id()).consistent()).isTrue();
    assertRunningBalanceInOrder(history);
    assertCoalescedWithoutFallback(0); // in memory a batch may not form; on the servers they do (a lost in-batch refund total fails there)
  }

  /**
   * One client numbers an account's entries while it holds the account's row (coalesced or not), so its history
   * reads in the order the balance moved: each entry's balance after is the one before it plus its amount (newest
   * first in {@code history}).
   */
  private void assertRunningBalanceInOrder(List<LedgerEntry> newestFirst) {
    List<LedgerEntry> oldestFirst = new ArrayList<>(newestFirst);
    java.util.Collections.reverse(oldestFirst);
    for (int i = 1; i < oldestFirst.size(); i++) {
      LedgerEntry entry = oldestFirst.get(i);
      assertThat(entry.balanceAfter()).as("balance after %s", entry)
          .isEqualTo(oldestFirst.get(i - 1).balanceAfter().plus(entry.amount()));
    }
  }
}
