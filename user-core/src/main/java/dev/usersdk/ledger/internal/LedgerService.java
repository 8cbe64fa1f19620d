package dev.usersdk.ledger.internal;

import dev.usersdk.ForbiddenException;
import dev.usersdk.OutcomeUnknownException;
import dev.usersdk.Page;
import dev.usersdk.StoreReadOnlyException;
import dev.usersdk.StoreUnavailableException;
import dev.usersdk.ValidationException;
import dev.usersdk.audit.AuditAction;
import dev.usersdk.audit.internal.Audits;
import dev.usersdk.internal.Cursors;
import dev.usersdk.internal.Timestamps;
import dev.usersdk.internal.UuidV7;
import dev.usersdk.ledger.Balance;
import dev.usersdk.ledger.BalanceLedger;
import dev.usersdk.ledger.ChargePolicy;
import dev.usersdk.ledger.CoalescingStats;
import dev.usersdk.ledger.Credits;
import dev.usersdk.ledger.EntryId;
import dev.usersdk.ledger.EntryKind;
import dev.usersdk.ledger.Hold;
import dev.usersdk.ledger.HoldId;
import dev.usersdk.ledger.HoldStatus;
import dev.usersdk.ledger.IdempotencyKey;
import dev.usersdk.ledger.LedgerEntry;
import dev.usersdk.ledger.LedgerNotFoundException;
import dev.usersdk.ledger.LedgerStateException;
import dev.usersdk.ledger.Receipt;
import dev.usersdk.ledger.Reconciliation;
import dev.usersdk.spi.DuplicateIdempotencyKeyException;
import dev.usersdk.spi.LedgerStore;
import dev.usersdk.spi.StoreTransaction;
import dev.usersdk.spi.Stores;
import dev.usersdk.user.Permissions;
import dev.usersdk.user.User;
import dev.usersdk.user.UserId;
import dev.usersdk.user.UserNotFoundException;
import dev.usersdk.user.Users;
import dev.usersdk.user.internal.Privileges;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The implementation of {@link BalanceLedger}. Not API: reach it through {@code
 * UserClient.ledger()}.
 */
public final class LedgerService implements BalanceLedger {
  private final Stores stores;
  private final Users users;
  private final Privileges privileges;
  private final Clock clock;
  private final UuidV7 ids;
  private final Audits audits;
  private final ChargePolicy chargePolicy;
  private final KeyedRequests requests;
  private final Holds holds;
  private final @Nullable Coalescer coalescer;

  /**
   * @param deductionBatch how many concurrent keyed requests of one account (deductions, holds,
   *     captures, releases, refunds, adjustments) may run as one transaction; 1 runs each alone
   * @param deductionQueue how many requests of one account may wait to be coalesced
   * @param audits where admins' adjustments are recorded
   * @param privileges who may adjust balances
   */
  public LedgerService(
      Stores stores,
      Users users,
      Clock clock,
      UuidV7 ids,
      ChargePolicy chargePolicy,
      int deductionBatch,
      int deductionQueue,
      Audits audits,
      Privileges privileges) {
    this.stores = Objects.requireNonNull(stores, "stores");
    this.users = Objects.requireNonNull(users, "users");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.audits = Objects.requireNonNull(audits, "audits");
    this.privileges = Objects.requireNonNull(privileges, "privileges");
    this.ids = Objects.requireNonNull(ids, "ids");
    this.chargePolicy = Objects.requireNonNull(chargePolicy, "chargePolicy");
    this.requests = new KeyedRequests(stores);
    this.holds = new Holds(stores, clock, ids, requests, this::writingUnqueued);
    this.coalescer =
        deductionBatch > 1
            ? new Coalescer(
                deductionBatch,
                deductionQueue,
                new Batches(stores, clock, ids, holds, audits)::run,
                this::alone)
            : null;
  }

  @Override
  public Balance balance(UserId userId) {
    Objects.requireNonNull(userId, "userId");
    Instant now = Timestamps.now(clock);
    return stores.inTransaction(
        tx -> {
          LedgerStore.StoredBalance stored =
              tx.ledger().account(userId).orElseThrow(() -> new UserNotFoundException(userId));
          // Expired holds stop counting at once, whether or not the sweeper has run.
          Credits expired = Holds.expiredAmount(tx, userId, now);
          return new Balance(stored.posted(), stored.held().minus(expired));
        });
  }

  @Override
  public Receipt deduct(UserId userId, Credits amount, IdempotencyKey key) {
    return deduct(userId, amount, key, null);
  }

  @Override
  public Receipt deduct(UserId userId, Credits amount, IdempotencyKey key, String memo) {
    // Only when every user is charged: a usage entry (no charge) needs the user, per request.
    if (coalescing() && chargePolicy == ChargePolicy.everyone()) {
      Objects.requireNonNull(userId, "userId");
      Accounts.requirePositive(amount);
      Objects.requireNonNull(key, "key");
      Accounts.memo(memo); // refused before it is queued
      return (Receipt) coalescer.submit(new Coalescer.Deduction(userId, amount, key, memo));
    }
    return KeyedRequests.settled(() -> deductOnce(userId, amount, key, memo));
  }

  /**
   * Whether requests are coalesced now: configured, and the caller is not inside a transaction of
   * its own (a batch led from there would run other callers' requests in a transaction the caller
   * may still roll back).
   */
  private boolean coalescing() {
    return coalescer != null && !stores.inTransactionOnThisThread();
  }

  /**
   * A write of the account that does not go through its queue, its entry numbered: the queue's
   * lane, if it has one, must know before the write commits (see {@link BalanceHint}).
   */
  private void writingUnqueued(UserId userId) {
    if (coalescer != null) {
      coalescer.changingOutside(userId);
    }
  }

  /** A coalesced request run by itself: its batch had only it, or failed. */
  private Object alone(
      Coalescer.Request request, @Nullable OutcomeUnknownException batchUnknown, long settleBy) {
    Supplier<Object> once;
    if (request instanceof Coalescer.Reservation hold) {
      once = () -> holds.hold(hold.userId(), hold.amount(), hold.key(), hold.ttl());
    } else if (request instanceof Coalescer.Refund refund) {
      once = () -> keyedRefund(refund.charge().id(), refund.amount(), refund.key());
    } else if (request instanceof Coalescer.Adjustment adjustment) {
      once =
          () ->
              keyedAdjust(
                  adjustment.userId(),
                  adjustment.amount(),
                  adjustment.reason(),
                  adjustment.admin(),
                  adjustment.key());
    } else if (request instanceof Coalescer.Resolution resolution) {
      HoldId holdId = resolution.hold().id();
      once =
          resolution.capture()
              ? () -> holds.capture(holdId, resolution.amount(), resolution.key())
              : () -> holds.release(holdId, resolution.key());
    } else {
      Coalescer.Deduction deduction = (Coalescer.Deduction) request;
      once =
          () ->
              deductOnce(deduction.userId(), deduction.amount(), deduction.key(), deduction.memo());
    }
    return batchUnknown == null
        ? KeyedRequests.settled(once)
        : KeyedRequests.settle(batchUnknown, once, settleBy);
  }

  private Receipt deductOnce(UserId userId, Credits amount, IdempotencyKey key, String memo) {
    Objects.requireNonNull(userId, "userId");
    Accounts.requirePositive(amount);
    Objects.requireNonNull(key, "key");
    String note = Accounts.memo(memo);
    boolean charges =
        chargePolicy == ChargePolicy.everyone() || chargePolicy.charges(users.get(userId));
    Instant now = Timestamps.now(clock);
    return keyed(
        userId,
        key,
        EntryKind.DEDUCTION,
        amount,
        () ->
            stores.inTransaction(
                tx -> {
                  if (!charges) {
                    // Locked, as every write numbers its entry: a credit racing an unlocked read
                    // could commit between it and this entry, which would record a stale balance.
                    Credits posted =
                        tx.ledger()
                            .lockAccount(userId)
                            .orElseThrow(() -> new UserNotFoundException(userId))
                            .posted();
                    LedgerEntry usage =
                        LedgerEntry.usage(nextEntryId(now), userId, amount, posted, key, note, now);
                    tx.ledger().insertEntry(usage);
                    writingUnqueued(userId);
                    return new Receipt(usage, false);
                  }
                  // Numbered by the store once its debit holds the row (the balance after too).
                  Supplier<LedgerEntry> entry =
                      () -> LedgerEntry.deduction(nextEntryId(now), userId, amount, key, note, now);
                  Optional<LedgerEntry> written = tx.ledger().debitAndRecord(userId, amount, entry);
                  if (written.isEmpty()) {
                    // Stale holds may be what stands in the way.
                    holds.expireHoldsOf(tx, userId, now);
                    written = tx.ledger().debitAndRecord(userId, amount, entry);
                  }
                  writingUnqueued(userId);
                  return new Receipt(
                      written.orElseThrow(() -> KeyedRequests.refusal(tx, userId, amount, key)),
                      false);
                }));
  }

  @Override
  public Receipt credit(UserId userId, Credits amount, IdempotencyKey key, String reason) {
    return KeyedRequests.settled(() -> creditOnce(userId, amount, key, reason));
  }

  private Receipt creditOnce(UserId userId, Credits amount, IdempotencyKey key, String reason) {
    Objects.requireNonNull(userId, "userId");
    Accounts.requirePositive(amount);
    Objects.requireNonNull(key, "key");
    String note = Accounts.memo(reason);
    Instant now = Timestamps.now(clock);
    return keyed(
        userId,
        key,
        EntryKind.CREDIT,
        amount,
        () ->
            stores.inTransaction(
                tx -> {
                  Credits after =
                      tx.ledger()
                          .creditAccount(userId, amount)
                          .orElseThrow(() -> new UserNotFoundException(userId));
                  LedgerEntry entry =
                      LedgerEntry.credit(nextEntryId(now), userId, amount, after, key, note, now);
                  tx.ledger().insertEntry(entry);
                  writingUnqueued(userId);
                  return new Receipt(entry, false);
                }));
  }

  @Override
  public LedgerEntry refund(EntryId chargeEntry, Credits amount) {
    return refundOnce(chargeEntry, amount, null);
  }

  @Override
  public LedgerEntry refund(EntryId chargeEntry, Credits amount, IdempotencyKey key) {
    Objects.requireNonNull(key, "key");
    if (coalescing()) {
      Objects.requireNonNull(chargeEntry, "chargeEntry");
      Accounts.requirePositive(amount);
      // The charge names the account's queue; what it is never changes, so it is checked here.
      LedgerEntry charge = beforeQueueing(() -> stores.read(tx -> charge(tx, chargeEntry)));
      return (LedgerEntry) coalescer.submit(new Coalescer.Refund(charge, amount, key));
    }
    return KeyedRequests.settled(() -> keyedRefund(chargeEntry, amount, key));
  }

  private LedgerEntry keyedRefund(EntryId chargeEntry, Credits amount, IdempotencyKey key) {
    try {
      return refundOnce(chargeEntry, amount, key);
    } catch (DuplicateIdempotencyKeyException e) {
      UserId owner =
          stores.inTransaction(tx -> tx.ledger().entry(chargeEntry)).orElseThrow().userId();
      return requests.original(owner, key, EntryKind.REFUND, amount, chargeEntry);
    }
  }

  private LedgerEntry refundOnce(
      EntryId chargeEntry, Credits amount, @Nullable IdempotencyKey key) {
    Objects.requireNonNull(chargeEntry, "chargeEntry");
    Accounts.requirePositive(amount);
    Instant now = Timestamps.now(clock);
    return stores.inTransaction(
        tx -> {
          LedgerEntry charge = charge(tx, chargeEntry);
          // The account lock serialises refunds of one charge, so together they never exceed it.
          if (tx.ledger().lockAccount(charge.userId()).isEmpty()) {
            throw new UserNotFoundException(charge.userId());
          }
          KeyedRequests.requireKeyFree(tx, charge.userId(), key);
          requireWithinCharge(charge, tx.ledger().refundedAgainst(chargeEntry), amount);
          Credits after = tx.ledger().creditAccount(charge.userId(), amount).orElseThrow();
          LedgerEntry entry =
              LedgerEntry.refund(
                  nextEntryId(now), charge.userId(), amount, after, chargeEntry, key, now);
          tx.ledger().insertEntry(entry);
          writingUnqueued(charge.userId());
          return entry;
        });
  }

  /** The charge a refund names: it exists and it charged. */
  static LedgerEntry charge(StoreTransaction tx, EntryId chargeEntry) {
    LedgerEntry charge =
        tx.ledger()
            .entry(chargeEntry)
            .orElseThrow(() -> new LedgerNotFoundException("ledger entry with id " + chargeEntry));
    if (!charge.charged()) {
      throw new LedgerStateException(
          "entry " + chargeEntry + " is a " + charge.kind() + ", not a charge");
    }
    return charge;
  }

  /**
   * Refuses a refund of {@code amount} that, with what was {@code refunded}, exceeds the charge.
   */
  static void requireWithinCharge(LedgerEntry charge, Credits refunded, Credits amount) {
    Credits charged = charge.amount().negate();
    if (refunded.plus(amount).compareTo(charged) > 0) {
      throw new LedgerStateException(
          "refund of "
              + amount
              + " exceeds what is left of the charge: charged "
              + charged
              + ", refunded "
              + refunded);
    }
  }

  @Override
  public Hold hold(UserId userId, Credits amount, IdempotencyKey key, Duration ttl) {
    if (coalescing()) {
      Objects.requireNonNull(userId, "userId");
      Accounts.requirePositive(amount);
      Objects.requireNonNull(key, "key");
      Holds.requireTtl(ttl); // refused before it is queued
      return (Hold) coalescer.submit(new Coalescer.Reservation(userId, amount, key, ttl));
    }
    return KeyedRequests.settled(() -> holds.hold(userId, amount, key, ttl));
  }

  @Override
  public LedgerEntry capture(HoldId holdId, Credits actual) {
    return holds.capture(holdId, actual, null);
  }

  @Override
  public LedgerEntry capture(HoldId holdId, Credits actual, IdempotencyKey key) {
    Objects.requireNonNull(key, "key");
    if (coalescing()) {
      Accounts.requirePositive(actual); // refused before it is queued
      return resolveCoalesced(holdId, HoldStatus.CAPTURED, actual, key);
    }
    return KeyedRequests.settled(() -> holds.capture(holdId, actual, key));
  }

  @Override
  public LedgerEntry release(HoldId holdId) {
    return holds.release(holdId, null);
  }

  @Override
  public LedgerEntry release(HoldId holdId, IdempotencyKey key) {
    Objects.requireNonNull(key, "key");
    if (coalescing()) {
      return resolveCoalesced(holdId, HoldStatus.RELEASED, null, key);
    }
    return KeyedRequests.settled(() -> holds.release(holdId, key));
  }

  /**
   * A keyed capture or release joins the queue of its hold's account, read first for that (a hold
   * id does not name its account). Unkeyed ones run alone: a batch whose commit answer was lost
   * settles each request by its key.
   */
  private LedgerEntry resolveCoalesced(
      HoldId holdId, HoldStatus to, @Nullable Credits actual, IdempotencyKey key) {
    Hold hold = beforeQueueing(() -> holds.get(holdId));
    Credits amount = to == HoldStatus.CAPTURED ? Objects.requireNonNull(actual) : hold.amount();
    return (LedgerEntry) coalescer.submit(new Coalescer.Resolution(hold, to, amount, key));
  }

  /**
   * A read made before a keyed request queues (the hold or charge that names its account). It
   * writes nothing, so a lost commit answer (from a store that cannot read without a transaction of
   * its own) leaves nothing to settle: it is read once more, and a second loss means the store is
   * out of reach and the request was not made.
   */
  private static <T> T beforeQueueing(Supplier<T> read) {
    try {
      return read.get();
    } catch (OutcomeUnknownException first) {
      try {
        return read.get();
      } catch (OutcomeUnknownException again) {
        again.addSuppressed(first);
        throw new StoreUnavailableException(
            "the store lost the answer to a read twice; the request was not made", again);
      }
    }
  }

  @Override
  public Hold getHold(HoldId holdId) {
    return holds.get(holdId);
  }

  @Override
  public LedgerEntry adjust(UserId userId, Credits delta, String reason, UserId admin) {
    return adjustOnce(userId, delta, reason, admin, null);
  }

  @Override
  public LedgerEntry adjust(
      UserId userId, Credits delta, String reason, UserId admin, IdempotencyKey key) {
    Objects.requireNonNull(key, "key");
    if (coalescing()) {
      String why = adjustable(userId, delta, reason, admin); // refused before it is queued
      return (LedgerEntry)
          coalescer.submit(new Coalescer.Adjustment(userId, delta, key, why, admin));
    }
    return KeyedRequests.settled(() -> keyedAdjust(userId, delta, reason, admin, key));
  }

  /**
   * Checks an adjustment before anything is written: a non-zero delta, a reason, an actor who may
   * adjust balances (an admin or a holder of {@link Permissions#CREDITS_ADJUST}).
   *
   * @return the reason as it is recorded
   */
  private String adjustable(UserId userId, Credits delta, String reason, UserId admin) {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(delta, "delta");
    if (delta.isZero()) {
      throw new ValidationException("amount", "an adjustment must not be zero");
    }
    String why = Accounts.reason(reason);
    Objects.requireNonNull(admin, "admin");
    // Checked as the call is made, before the write's transaction (a coalesced adjustment waits in
    // a queue first): a revocation that races the call may miss it.
    stores.read(
        tx -> {
          User actor =
              tx.users()
                  .findById(admin)
                  .filter(found -> privileges.holds(tx, found, Permissions.CREDITS_ADJUST))
                  .orElseThrow(
                      () ->
                          new ForbiddenException(
                              "only admins or holders of "
                                  + Permissions.CREDITS_ADJUST
                                  + " may adjust balances"));
          boolean actorIsAdmin = privileges.admins().isAdmin(actor);
          if (!actorIsAdmin && actor.id().equals(userId)) {
            throw new ForbiddenException("only an admin may adjust their own balance");
          }
          privileges.requireOver(tx, actorIsAdmin, userId);
          return null;
        });
    return why;
  }

  private LedgerEntry keyedAdjust(
      UserId userId, Credits delta, String reason, UserId admin, IdempotencyKey key) {
    try {
      return adjustOnce(userId, delta, reason, admin, key);
    } catch (DuplicateIdempotencyKeyException e) {
      return requests.original(userId, key, EntryKind.ADJUSTMENT, delta, userId);
    }
  }

  private LedgerEntry adjustOnce(
      UserId userId, Credits delta, String reason, UserId admin, @Nullable IdempotencyKey key) {
    String why = adjustable(userId, delta, reason, admin);
    Instant now = Timestamps.now(clock);
    return stores.inTransaction(
        tx -> {
          KeyedRequests.requireKeyFree(tx, userId, key);
          Credits after =
              delta.isPositive()
                  ? tx.ledger()
                      .creditAccount(userId, delta)
                      .orElseThrow(() -> new UserNotFoundException(userId))
                  : debitOrRefuse(tx, userId, delta.negate(), key, now);
          LedgerEntry entry =
              LedgerEntry.adjustment(nextEntryId(now), userId, delta, after, why, admin, key, now);
          tx.ledger().insertEntry(entry);
          writingUnqueued(userId);
          audited(audits, tx, entry);
          return entry;
        });
  }

  @Override
  public Page<LedgerEntry> history(UserId userId, int limit, String cursor) {
    Objects.requireNonNull(userId, "userId");
    if (limit < 1 || limit > 500) {
      throw new ValidationException("limit", "limit must be between 1 and 500, was " + limit);
    }
    Optional<EntryId> before = Optional.ofNullable(cursor).map(Cursors::decode).map(EntryId::new);
    List<LedgerEntry> found =
        stores.inTransaction(
            tx -> {
              if (tx.ledger().account(userId).isEmpty()) {
                throw new UserNotFoundException(userId);
              }
              return tx.ledger().history(userId, before, limit + 1);
            });
    if (found.size() <= limit) {
      return new Page<>(found, Optional.empty());
    }
    List<LedgerEntry> page = found.subList(0, limit);
    return new Page<>(page, Optional.of(Cursors.encode(page.get(limit - 1).id().value())));
  }

  @Override
  public Reconciliation reconcile(UserId userId) {
    Objects.requireNonNull(userId, "userId");
    return stores.inTransaction(tx -> reconcile(tx, userId));
  }

  @Override
  public List<Reconciliation> reconcileAll() {
    List<Reconciliation> differences = new ArrayList<>();
    Optional<UserId> after = Optional.empty();
    while (true) {
      Optional<UserId> from = after;
      List<UserId> batch =
          stores.inTransaction(tx -> tx.ledger().accounts(from, Holds.SWEEP_BATCH));
      for (UserId userId : batch) {
        Reconciliation result = reconcile(userId);
        if (!result.consistent()) {
          differences.add(result);
        }
      }
      if (batch.size() < Holds.SWEEP_BATCH) {
        return differences;
      }
      after = Optional.of(batch.get(batch.size() - 1));
    }
  }

  @Override
  public int sweepExpiredHolds() {
    return holds.sweepExpired();
  }

  @Override
  public CoalescingStats coalescingStats() {
    return coalescer == null ? CoalescingStats.NONE : coalescer.stats();
  }

  /**
   * Runs a keyed write. If the key is taken, the write was rolled back and the original request is
   * looked up in a fresh transaction: the same request gets its original receipt, another one an
   * {@link dev.usersdk.ledger.IdempotencyConflictException}. A server that only reads can still
   * answer a replay.
   */
  private Receipt keyed(
      UserId userId, IdempotencyKey key, EntryKind kind, Credits amount, Supplier<Receipt> write) {
    try {
      return write.get();
    } catch (DuplicateIdempotencyKeyException e) {
      return new Receipt(requests.original(userId, key, kind, amount), true);
    } catch (StoreReadOnlyException readOnly) {
      return new Receipt(
          requests.existing(userId, key, kind, amount).orElseThrow(() -> readOnly), true);
    }
  }

  /**
   * Debits, expiring the user's stale holds once if that is what stands in the way, or refuses with
   * why: a keyed request whose key another attempt took meanwhile (a retry racing its first
   * attempt) is answered from that attempt.
   */
  private Credits debitOrRefuse(
      StoreTransaction tx,
      UserId userId,
      Credits amount,
      @Nullable IdempotencyKey key,
      Instant now) {
    Optional<Credits> after = tx.ledger().debit(userId, amount);
    if (after.isEmpty()) {
      holds.expireHoldsOf(tx, userId, now);
      after = tx.ledger().debit(userId, amount);
    }
    return after.orElseThrow(() -> KeyedRequests.refusal(tx, userId, amount, key));
  }

  private Reconciliation reconcile(StoreTransaction tx, UserId userId) {
    LedgerStore.StoredBalance stored =
        tx.ledger().account(userId).orElseThrow(() -> new UserNotFoundException(userId));
    LedgerStore.EntryTotals totals = tx.ledger().totals(userId);
    return new Reconciliation(userId, stored.posted(), totals.sum(), totals.count());
  }

  /** Records an admin's adjustment in the audit trail, in the transaction that wrote it. */
  static void audited(Audits audits, StoreTransaction tx, LedgerEntry adjustment) {
    audits.record(
        tx,
        adjustment.actor().orElse(null),
        adjustment.userId(),
        AuditAction.LEDGER_ADJUST,
        Map.of(
            "delta", adjustment.amount().toString(),
            "reason", adjustment.memo().orElse(""),
            "entry", adjustment.id().value().toString()),
        adjustment.createdAt());
  }

  private EntryId nextEntryId(Instant now) {
    return new EntryId(ids.next(now));
  }
}
