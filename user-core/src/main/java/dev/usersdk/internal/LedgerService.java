package dev.usersdk.internal;

import dev.usersdk.ForbiddenException;
import dev.usersdk.Page;
import dev.usersdk.ValidationException;
import dev.usersdk.ledger.Balance;
import dev.usersdk.ledger.BalanceLedger;
import dev.usersdk.ledger.ChargePolicy;
import dev.usersdk.ledger.Credits;
import dev.usersdk.ledger.EntryId;
import dev.usersdk.ledger.EntryKind;
import dev.usersdk.ledger.Hold;
import dev.usersdk.ledger.HoldId;
import dev.usersdk.ledger.HoldStatus;
import dev.usersdk.ledger.IdempotencyConflictException;
import dev.usersdk.ledger.IdempotencyKey;
import dev.usersdk.ledger.InsufficientBalanceException;
import dev.usersdk.ledger.LedgerEntry;
import dev.usersdk.ledger.LedgerNotFoundException;
import dev.usersdk.ledger.LedgerStateException;
import dev.usersdk.ledger.Receipt;
import dev.usersdk.ledger.Reconciliation;
import dev.usersdk.spi.DuplicateIdempotencyKeyException;
import dev.usersdk.spi.LedgerStore;
import dev.usersdk.spi.StoreTransaction;
import dev.usersdk.spi.Stores;
import dev.usersdk.user.User;
import dev.usersdk.user.UserId;
import dev.usersdk.user.UserNotFoundException;
import dev.usersdk.user.Users;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/** The implementation of {@link BalanceLedger}. Not API: reach it through {@code UserClient.ledger()}. */
public final class LedgerService implements BalanceLedger {
  /** Longest hold accepted: a reservation is for work in flight, not for storage. */
  static final Duration MAX_HOLD_TTL = Duration.ofDays(30);
  private static final int MAX_MEMO_LENGTH = 500;
  private static final int SWEEP_BATCH = 500;

  private final Stores stores;
  private final Users users;
  private final Clock clock;
  private final UuidV7 ids;
  private final ChargePolicy chargePolicy;

  public LedgerService(Stores stores, Users users, Clock clock, UuidV7 ids, ChargePolicy chargePolicy) {
    this.stores = Objects.requireNonNull(stores, "stores");
    this.users = Objects.requireNonNull(users, "users");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ids = Objects.requireNonNull(ids, "ids");
    this.chargePolicy = Objects.requireNonNull(chargePolicy, "chargePolicy");
  }

  /**
   * Opens the account of a user created in {@code tx}, with its opening grant as the first entry,
   * so the ledger explains the balance from the start.
   */
  static void openAccount(StoreTransaction tx, UserId userId, Credits opening, Instant now, UuidV7 ids) {
    tx.ledger().createAccount(userId, opening);
    if (opening.isPositive()) {
      tx.ledger().insertEntry(new LedgerEntry(new EntryId(ids.next(now)), userId, EntryKind.OPENING, opening, opening, opening,
          Optional.empty(), Optional.of("opening balance"), Optional.empty(), Optional.empty(), Optional.empty(), now));
    }
  }

  @Override
  public Balance balance(UserId userId) {
    Objects.requireNonNull(userId, "userId");
    Instant now = now();
    return stores.inTransaction(tx -> {
      LedgerStore.StoredBalance stored = tx.ledger().account(userId).orElseThrow(() -> new UserNotFoundException(userId));
      // Expired holds stop counting at once, whether or not the sweeper has run.
      Credits expired = sum(tx.ledger().expiredHolds(Optional.of(userId), now, Integer.MAX_VALUE));
      return new Balance(stored.posted(), stored.held().minus(expired));
    });
  }

  @Override
  public Receipt deduct(UserId userId, Credits amount, IdempotencyKey key) {
    return deduct(userId, amount, key, null);
  }

  @Override
  public Receipt deduct(UserId userId, Credits amount, IdempotencyKey key, String memo) {
    Objects.requireNonNull(userId, "userId");
    requirePositive(amount);
    Objects.requireNonNull(key, "key");
    Optional<String> note = memo(memo);
    boolean charges = chargePolicy == ChargePolicy.everyone() || chargePolicy.charges(users.get(userId));
    Instant now = now();
    return keyed(userId, key, EntryKind.DEDUCTION, amount, () -> stores.inTransaction(tx -> {
      if (!charges) {
        Credits posted = tx.ledger().account(userId).orElseThrow(() -> new UserNotFoundException(userId)).posted();
        LedgerEntry usage = entry(now, userId, EntryKind.USAGE, Credits.ZERO, posted, amount, key, note);
        tx.ledger().insertEntry(usage);
        return new Receipt(usage, false);
      }
      // The store fills in the balance after; the draft's is a placeholder.
      LedgerEntry draft = entry(now, userId, EntryKind.DEDUCTION, amount.negate(), Credits.ZERO, amount, key, note);
      Optional<LedgerEntry> written = tx.ledger().debitAndRecord(draft);
      if (written.isEmpty()) {
        expireHoldsOf(tx, userId, now); // stale holds may be what stands in the way
        written = tx.ledger().debitAndRecord(draft);
      }
      return new Receipt(written.orElseThrow(() -> refusal(tx, userId, amount, key, now)), false);
    }));
  }

  @Override
  public Receipt credit(UserId userId, Credits amount, IdempotencyKey key, String reason) {
    Objects.requireNonNull(userId, "userId");
    requirePositive(amount);
    Objects.requireNonNull(key, "key");
    Optional<String> note = memo(reason);
    Instant now = now();
    return keyed(userId, key, EntryKind.CREDIT, amount, () -> stores.inTransaction(tx -> {
      Credits after = tx.ledger().creditAccount(userId, amount).orElseThrow(() -> new UserNotFoundException(userId));
      LedgerEntry entry = entry(now, userId, EntryKind.CREDIT, amount, after, amount, key, note);
      tx.ledger().insertEntry(entry);
      return new Receipt(entry, false);
    }));
  }

  @Override
  public LedgerEntry refund(EntryId chargeEntry, Credits amount) {
    Objects.requireNonNull(chargeEntry, "chargeEntry");
    requirePositive(amount);
    Instant now = now();
    return stores.inTransaction(tx -> {
      LedgerEntry charge = tx.ledger().entry(chargeEntry)
          .orElseThrow(() -> new LedgerNotFoundException("ledger entry with id " + chargeEntry));
      if (!charge.charged()) {
        throw new LedgerStateException("entry " + chargeEntry + " is a " + charge.kind() + ", not a charge");
      }
      // The account lock serialises refunds of one charge, so together they never exceed it.
      tx.ledger().lockAccount(charge.userId()).orElseThrow(() -> new UserNotFoundException(charge.userId()));
      Credits charged = charge.amount().negate();
      Credits refunded = tx.ledger().refundedAgainst(chargeEntry);
      if (refunded.plus(amount).compareTo(charged) > 0) {
        throw new LedgerStateException("refund of " + amount + " exceeds what is left of the charge: charged "
            + charged + ", refunded " + refunded);
      }
      Credits after = tx.ledger().creditAccount(charge.userId(), amount).orElseThrow();
      LedgerEntry entry = new LedgerEntry(nextEntryId(now), charge.userId(), EntryKind.REFUND, amount, after, amount,
          Optional.empty(), Optional.empty(), Optional.of(chargeEntry), Optional.empty(), Optional.empty(), now);
      tx.ledger().insertEntry(entry);
      return entry;
    });
  }

  @Override
  public Hold hold(UserId userId, Credits amount, IdempotencyKey key, Duration ttl) {
    Objects.requireNonNull(userId, "userId");
    requirePositive(amount);
    Objects.requireNonNull(key, "key");
    if (ttl == null || ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_HOLD_TTL) > 0) {
      throw new ValidationException("ttl", "ttl must be positive and at most " + MAX_HOLD_TTL.toDays() + " days");
    }
    Instant now = now();
    try {
      return stores.inTransaction(tx -> {
        if (!tx.ledger().reserve(userId, amount)) {
          expireHoldsOf(tx, userId, now);
          if (!tx.ledger().reserve(userId, amount)) {
            throw refusal(tx, userId, amount, key, now);
          }
        }
        Hold hold = new Hold(new HoldId(ids.next(now)), userId, amount, key, HoldStatus.ACTIVE, Credits.ZERO,
            now, now.plus(ttl), Optional.empty());
        tx.ledger().insertHold(hold);
        Credits posted = tx.ledger().account(userId).orElseThrow().posted();
        // The HOLD entry carries the key, so one key is one request across deductions, credits and holds.
        tx.ledger().insertEntry(new LedgerEntry(nextEntryId(now), userId, EntryKind.HOLD, Credits.ZERO, posted, amount,
            Optional.of(key), Optional.empty(), Optional.empty(), Optional.of(hold.id()), Optional.empty(), now));
        return hold;
      });
    } catch (DuplicateIdempotencyKeyException e) {
      LedgerEntry original = original(userId, key, EntryKind.HOLD, amount);
      return getHold(original.hold().orElseThrow());
    }
  }

  @Override
  public LedgerEntry capture(HoldId holdId, Credits actual) {
    requirePositive(actual);
    return resolve(holdId, HoldStatus.CAPTURED, actual);
  }

  @Override
  public LedgerEntry release(HoldId holdId) {
    return resolve(holdId, HoldStatus.RELEASED, Credits.ZERO);
  }

  @Override
  public Hold getHold(HoldId holdId) {
    Objects.requireNonNull(holdId, "holdId");
    return stores.inTransaction(tx -> tx.ledger().hold(holdId))
        .orElseThrow(() -> new LedgerNotFoundException("hold with id " + holdId));
  }

  @Override
  public LedgerEntry adjust(UserId userId, Credits delta, String reason, UserId admin) {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(delta, "delta");
    if (delta.isZero()) {
      throw new ValidationException("amount", "an adjustment must not be zero");
    }
    String why = Text.required("reason", reason, MAX_MEMO_LENGTH);
    Objects.requireNonNull(admin, "admin");
    User actor = users.find(admin).orElseThrow(() -> new ForbiddenException("only admins may adjust balances"));
    if (!users.isAdmin(actor)) {
      throw new ForbiddenException("only admins may adjust balances");
    }
    Instant now = now();
    return stores.inTransaction(tx -> {
      Credits after = delta.isPositive()
          ? tx.ledger().creditAccount(userId, delta).orElseThrow(() -> new UserNotFoundException(userId))
          : debitOrRefuse(tx, userId, delta.negate(), null, now);
      LedgerEntry entry = new LedgerEntry(nextEntryId(now), userId, EntryKind.ADJUSTMENT, delta, after, delta,
          Optional.empty(), Optional.of(why), Optional.empty(), Optional.empty(), Optional.of(admin), now);
      tx.ledger().insertEntry(entry);
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
    List<LedgerEntry> found = stores.inTransaction(tx -> {
      tx.ledger().account(userId).orElseThrow(() -> new UserNotFoundException(userId));
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
      List<UserId> batch = stores.inTransaction(tx -> tx.ledger().accounts(from, SWEEP_BATCH));
      for (UserId userId : batch) {
        Reconciliation result = reconcile(userId);
        if (!result.consistent()) {
          differences.add(result);
        }
      }
      if (batch.size() < SWEEP_BATCH) {
        return differences;
      }
      after = Optional.of(batch.get(batch.size() - 1));
    }
  }

  @Override
  public int sweepExpiredHolds() {
    int swept = 0;
    while (true) {
      Instant now = now();
      List<Hold> expired = stores.inTransaction(tx -> tx.ledger().expiredHolds(Optional.empty(), now, SWEEP_BATCH));
      for (Hold hold : expired) {
        boolean done = stores.inTransaction(tx -> expire(tx, hold, now));
        swept += done ? 1 : 0;
      }
      if (expired.size() < SWEEP_BATCH) {
        return swept;
      }
    }
  }

  // ----- the pieces -------------------------------------------------------------------------------

  /**
   * Runs a keyed write. If the key is taken, the write was rolled back and the original request is
   * looked up in a fresh transaction: the same request gets its original receipt, another one an
   * {@link IdempotencyConflictException}.
   */
  private Receipt keyed(UserId userId, IdempotencyKey key, EntryKind kind, Credits amount, Supplier<Receipt> write) {
    try {
      return write.get();
    } catch (DuplicateIdempotencyKeyException e) {
      return new Receipt(original(userId, key, kind, amount), true);
    }
  }

  private LedgerEntry original(UserId userId, IdempotencyKey key, EntryKind kind, Credits amount) {
    LedgerEntry original = stores.inTransaction(tx -> tx.ledger().entryByKey(userId, key))
        .orElseThrow(() -> new IllegalStateException("idempotency key reported taken but not found"));
    checkSameRequest(original, key, kind, amount);
    return original;
  }

  private static void checkSameRequest(LedgerEntry original, IdempotencyKey key, EntryKind kind, Credits amount) {
    EntryKind originalKind = original.kind() == EntryKind.USAGE ? EntryKind.DEDUCTION : original.kind();
    if (originalKind != kind || !original.requested().equals(amount)) {
      throw new IdempotencyConflictException(key, describe(originalKind, original.requested()), describe(kind, amount));
    }
  }

  private static String describe(EntryKind kind, Credits amount) {
    return kind.name().toLowerCase(java.util.Locale.ROOT) + " of " + amount;
  }

  /** Debits, expiring the user's stale holds once if that is what stands in the way. */
  private Credits debitOrRefuse(StoreTransaction tx, UserId userId, Credits amount, IdempotencyKey key, Instant now) {
    Optional<Credits> after = tx.ledger().debit(userId, amount);
    if (after.isEmpty()) {
      expireHoldsOf(tx, userId, now);
      after = tx.ledger().debit(userId, amount);
    }
    if (after.isEmpty()) {
      throw refusal(tx, userId, amount, key, now);
    }
    return after.get();
  }

  /** Why a debit or reservation was not applied: a retried request, an unknown user, or too little. */
  private RuntimeException refusal(StoreTransaction tx, UserId userId, Credits amount, IdempotencyKey key, Instant now) {
    if (key != null && tx.ledger().entryByKey(userId, key).isPresent()) {
      // A retry of a request that already went through: answer from the original.
      return new DuplicateIdempotencyKeyException();
    }
    LedgerStore.StoredBalance stored = tx.ledger().account(userId).orElse(null);
    if (stored == null) {
      return new UserNotFoundException(userId);
    }
    return new InsufficientBalanceException(amount, stored.posted().minus(stored.held()));
  }

  private void expireHoldsOf(StoreTransaction tx, UserId userId, Instant now) {
    for (Hold hold : tx.ledger().expiredHolds(Optional.of(userId), now, Integer.MAX_VALUE)) {
      expire(tx, hold, now);
    }
  }

  private boolean expire(StoreTransaction tx, Hold hold, Instant now) {
    return settleHold(tx, hold, HoldStatus.EXPIRED, Credits.ZERO, now).isPresent();
  }

  /**
   * Resolves an active hold and settles the account: {@code captured} leaves the balance, the
   * reservation is freed, and a CAPTURE or RELEASE entry records it.
   *
   * @return the entry, or empty if someone else resolved the hold first (nothing written)
   */
  private Optional<LedgerEntry> settleHold(StoreTransaction tx, Hold hold, HoldStatus to, Credits captured, Instant now) {
    if (!tx.ledger().resolveHold(hold.id(), to, captured, now)) {
      return Optional.empty();
    }
    Credits posted = tx.ledger().settle(hold.userId(), hold.amount(), captured);
    boolean capture = to == HoldStatus.CAPTURED;
    LedgerEntry entry = new LedgerEntry(nextEntryId(now), hold.userId(), capture ? EntryKind.CAPTURE : EntryKind.RELEASE,
        captured.negate(), posted, capture ? captured : hold.amount(), Optional.empty(),
        to == HoldStatus.EXPIRED ? Optional.of("expired") : Optional.empty(), Optional.empty(),
        Optional.of(hold.id()), Optional.empty(), now);
    tx.ledger().insertEntry(entry);
    return Optional.of(entry);
  }

  private LedgerEntry resolve(HoldId holdId, HoldStatus to, Credits actual) {
    Objects.requireNonNull(holdId, "holdId");
    Instant now = now();
    return stores.inTransaction(tx -> {
      Hold hold = tx.ledger().hold(holdId).orElseThrow(() -> new LedgerNotFoundException("hold with id " + holdId));
      if (hold.status() != HoldStatus.ACTIVE) {
        throw new LedgerStateException("hold " + holdId + " is already " + hold.status());
      }
      if (!hold.activeAt(now)) {
        throw new LedgerStateException("hold " + holdId + " expired at " + hold.expiresAt());
      }
      if (actual.compareTo(hold.amount()) > 0) {
        throw new LedgerStateException("cannot capture " + actual + " of a hold of " + hold.amount());
      }
      return settleHold(tx, hold, to, actual, now)
          .orElseThrow(() -> new LedgerStateException("hold " + holdId + " was resolved concurrently"));
    });
  }

  private Reconciliation reconcile(StoreTransaction tx, UserId userId) {
    LedgerStore.StoredBalance stored = tx.ledger().account(userId).orElseThrow(() -> new UserNotFoundException(userId));
    LedgerStore.EntryTotals totals = tx.ledger().totals(userId);
    return new Reconciliation(userId, stored.posted(), totals.sum(), totals.count());
  }

  private LedgerEntry entry(Instant now, UserId userId, EntryKind kind, Credits amount, Credits after, Credits requested,
      IdempotencyKey key, Optional<String> memo) {
    return new LedgerEntry(nextEntryId(now), userId, kind, amount, after, requested, Optional.ofNullable(key), memo,
        Optional.empty(), Optional.empty(), Optional.empty(), now);
  }

  private EntryId nextEntryId(Instant now) {
    return new EntryId(ids.next(now));
  }

  private static Credits sum(List<Hold> holds) {
    Credits total = Credits.ZERO;
    for (Hold hold : holds) {
      total = total.plus(hold.amount());
    }
    return total;
  }

  private static void requirePositive(Credits amount) {
    if (amount == null || !amount.isPositive()) {
      throw new ValidationException("amount", "amount must be positive, was " + amount);
    }
  }

  private static Optional<String> memo(String memo) {
    return Optional.ofNullable(Text.optional("memo", memo, MAX_MEMO_LENGTH));
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
