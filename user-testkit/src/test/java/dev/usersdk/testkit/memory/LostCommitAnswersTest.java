package dev.usersdk.testkit.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usersdk.Environment;
import dev.usersdk.OutcomeUnknownException;
import dev.usersdk.StoreReadOnlyException;
import dev.usersdk.StoreUnavailableException;
import dev.usersdk.UserClient;
import dev.usersdk.UserSdkConfig;
import dev.usersdk.ledger.Credits;
import dev.usersdk.ledger.EntryKind;
import dev.usersdk.ledger.HoldStatus;
import dev.usersdk.ledger.IdempotencyKey;
import dev.usersdk.ledger.LedgerEntry;
import dev.usersdk.ledger.Receipt;
import dev.usersdk.spi.Stores;
import dev.usersdk.spi.TransactionWork;
import dev.usersdk.testkit.ManualClock;
import dev.usersdk.user.NewUser;
import dev.usersdk.user.User;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How the ledger settles a keyed write whose commit answer was lost, on stores that lose answers
 * on demand: after the commit ({@link Fault#AFTER_COMMIT}) or instead of it ({@link
 * Fault#INSTEAD_OF_COMMIT}). The JDBC stores meet the same faults through a TCP proxy in {@code
 * StoreOutcomesTest}. Run with the default configuration (ledger calls coalesced); {@code
 * LostCommitAnswersPerOperationTest} runs it with every call in a transaction of its own.
 */
class LostCommitAnswersTest {
  enum Fault {
    AFTER_COMMIT,
    INSTEAD_OF_COMMIT
  }

  /**
   * In-memory stores whose next {@code armed} write transactions end in a lost answer; with {@code
   * readsInTransactions}, reads too (a store that cannot read without a transaction of its own).
   */
  static final class LosingStores implements Stores {
    private final Stores delegate = InMemoryStores.create();
    final AtomicInteger armed = new AtomicInteger();
    Fault fault = Fault.AFTER_COMMIT;
    boolean readOnly;
    boolean readsInTransactions;

    @Override
    public <T> T inTransaction(TransactionWork<T> work) {
      if (readOnly) {
        throw new StoreReadOnlyException("the server only reads", null);
      }
      if (armed.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        if (fault == Fault.AFTER_COMMIT) {
          delegate.inTransaction(work);
        }
        throw new OutcomeUnknownException("lost", null);
      }
      return delegate.inTransaction(work);
    }

    @Override
    public <T> T read(TransactionWork<T> work) {
      return readsInTransactions ? inTransaction(work) : delegate.read(work);
    }
  }

  private LosingStores stores;
  private UserClient client;
  private User ann;

  @BeforeEach
  void fund() {
    stores = new LosingStores();
    client = UserClient.builder().stores(stores).clock(ManualClock.create())
        .config(configure(UserSdkConfig.builder().environment(Environment.DEVELOPMENT).defaultBalance(Credits.of(100)))
            .build())
        .build();
    ann = client.users().create(NewUser.email("ann@example.com"));
  }

  UserSdkConfig.Builder configure(UserSdkConfig.Builder config) {
    return config;
  }

  @Test
  void aDeductionThatCommittedIsAnsweredFromItsEntry() {
    stores.armed.set(1);
    Receipt receipt = client.ledger().deduct(ann.id(), Credits.of(10), IdempotencyKey.of("run-1"));
    assertThat(receipt.replayed()).isTrue();
    assertThat(client.ledger().balance(ann.id()).available()).isEqualTo(Credits.of(90));
  }

  @Test
  void aDeductionThatDidNotCommitIsMadeOnce() {
    stores.fault = Fault.INSTEAD_OF_COMMIT;
    stores.armed.set(3); // three lost answers in a row: still settled within the bound
    Receipt receipt = client.ledger().deduct(ann.id(), Credits.of(10), IdempotencyKey.of("run-1"));
    assertThat(receipt.replayed()).isFalse();
    assertThat(client.ledger().balance(ann.id()).available()).isEqualTo(Credits.of(90));
    assertThat(client.ledger().history(ann.id(), 10).items()).hasSize(2); // opening + this one
  }

  @Test
  void everyKeyedCallSettlesAndUnkeyedOnesSurfaceTheUnknown() {
    stores.armed.set(1);
    var hold = client.ledger().hold(ann.id(), Credits.of(20), IdempotencyKey.of("h"), java.time.Duration.ofMinutes(1));
    assertThat(stores.armed).as("the hold's answer was lost").hasValue(0);
    stores.armed.set(1);
    assertThat(client.ledger().capture(hold.id(), Credits.of(5), IdempotencyKey.of("c")).kind())
        .isEqualTo(EntryKind.CAPTURE);
    assertThat(stores.armed).as("the capture's answer was lost").hasValue(0);
    var second = client.ledger().hold(ann.id(), Credits.of(7), IdempotencyKey.of("h2"), java.time.Duration.ofMinutes(1));
    stores.armed.set(1);
    assertThat(client.ledger().release(second.id(), IdempotencyKey.of("r")).kind()).isEqualTo(EntryKind.RELEASE);
    assertThat(stores.armed).as("the release's answer was lost").hasValue(0);
    stores.armed.set(1);
    client.ledger().credit(ann.id(), Credits.of(1), IdempotencyKey.of("top"), "top-up");
    assertThat(stores.armed).hasValue(0);
    Receipt charge = client.ledger().deduct(ann.id(), Credits.of(4), IdempotencyKey.of("d"));
    stores.armed.set(1);
    assertThat(client.ledger().refund(charge.entryId(), Credits.of(3), IdempotencyKey.of("back")).kind())
        .isEqualTo(EntryKind.REFUND);
    assertThat(stores.armed).as("the refund's answer was lost").hasValue(0);
    assertThat(client.ledger().balance(ann.id()).available()).as("100 - 5 + 1 - 4 + 3").isEqualTo(Credits.of(95));
    assertThat(client.ledger().history(ann.id(), 10).items()).as("each keyed call written once, newest first")
        .extracting(LedgerEntry::kind).containsExactly(EntryKind.REFUND, EntryKind.DEDUCTION, EntryKind.CREDIT,
            EntryKind.RELEASE, EntryKind.HOLD, EntryKind.CAPTURE, EntryKind.HOLD, EntryKind.OPENING);

    stores.armed.set(1);
    assertThatThrownBy(() -> client.users().create(NewUser.email("bob@example.com")))
        .isInstanceOf(OutcomeUnknownException.class);
    assertThat(client.users().findByEmail("bob@example.com")).as("it may have happened, and did").isPresent();
  }

  @Test
  void aReadBeforeQueueingThatLostItsAnswerIsReadAgainAndTwiceLostMeansNotMade() {
    stores.readsInTransactions = true;
    var hold = client.ledger().hold(ann.id(), Credits.of(20), IdempotencyKey.of("h"), java.time.Duration.ofMinutes(1));
    Receipt charge = client.ledger().deduct(ann.id(), Credits.of(4), IdempotencyKey.of("d"));
    stores.armed.set(1);
    assertThat(client.ledger().capture(hold.id(), Credits.of(5), IdempotencyKey.of("c")).kind())
        .isEqualTo(EntryKind.CAPTURE);
    stores.armed.set(1);
    assertThat(client.ledger().refund(charge.entryId(), Credits.of(3), IdempotencyKey.of("back")).kind())
        .isEqualTo(EntryKind.REFUND);
    assertThat(stores.armed).hasValue(0);
    assertThat(client.ledger().balance(ann.id()).available()).as("100 - 4 - 5 + 3").isEqualTo(Credits.of(94));

    var second = client.ledger().hold(ann.id(), Credits.of(7), IdempotencyKey.of("h2"), java.time.Duration.ofMinutes(1));
    stores.fault = Fault.INSTEAD_OF_COMMIT;
    stores.armed.set(2);
    if (coalesced()) {
      // Both reads of the hold lost: nothing was queued, so nothing was made.
      assertThatThrownBy(() -> client.ledger().release(second.id(), IdempotencyKey.of("r")))
          .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("not made");
      assertThat(client.ledger().getHold(second.id()).status()).isEqualTo(HoldStatus.ACTIVE);
    } else {
      // One transaction reads and releases: settled by its key, made on the third try.
      client.ledger().release(second.id(), IdempotencyKey.of("r"));
      assertThat(client.ledger().getHold(second.id()).status()).isEqualTo(HoldStatus.RELEASED);
    }
  }

  private boolean coalesced() {
    return configure(UserSdkConfig.builder().environment(Environment.DEVELOPMENT)).build().deductionBatch() > 1;
  }

  @Test
  void aReadOnlyStoreStillAnswersAReplayButRefusesANewRequest() {
    Receipt original = client.ledger().deduct(ann.id(), Credits.of(10), IdempotencyKey.of("run-1"));
    stores.readOnly = true;
    assertThat(client.ledger().deduct(ann.id(), Credits.of(10), IdempotencyKey.of("run-1")).entryId())
        .isEqualTo(original.entryId());
    assertThatThrownBy(() -> client.ledger().deduct(ann.id(), Credits.of(10), IdempotencyKey.of("run-2")))
        .isInstanceOf(StoreReadOnlyException.class);
  }
}
