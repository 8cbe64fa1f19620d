package dev.usersdk.spi;

import dev.usersdk.ledger.Credits;
import dev.usersdk.ledger.EntryId;
import dev.usersdk.ledger.Hold;
import dev.usersdk.ledger.HoldId;
import dev.usersdk.ledger.HoldStatus;
import dev.usersdk.ledger.IdempotencyKey;
import dev.usersdk.ledger.LedgerEntry;
import dev.usersdk.user.UserId;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Accounts, entries and holds. An account row holds the posted balance and the credits reserved by
 * active holds ({@code held}); every balance change is one conditional statement on that row, so
 * concurrent changes of one account serialise on its row lock and none is lost.
 */
public interface LedgerStore {

  /** Creates the account of a new user with its opening balance. */
  void createAccount(UserId userId, Credits opening);

  /** The stored posted balance and held amount; empty if the user has no account. */
  Optional<StoredBalance> account(UserId userId);

  /** Reads the account and locks it until the transaction ends. */
  Optional<StoredBalance> lockAccount(UserId userId);

  /**
   * Takes {@code amount} from the posted balance if {@code balance - held >= amount}.
   *
   * @return the posted balance after, or empty if not applied (not enough, or no account)
   */
  Optional<Credits> debit(UserId userId, Credits amount);

  /**
   * A deduction in one call: takes {@code amount} (positive) like {@link #debit} and, if that was
   * applied, writes the entry {@code entry} makes then, with {@link LedgerEntry#balanceAfter()} set
   * to the new balance. {@code entry} is called only after the debit, while the account row is
   * locked, so one account's entries get their ids in the order their debits took the row (the
   * history's running balance reads in order). A store may override it to need fewer round trips.
   *
   * @param entry makes the deduction's entry (of {@code userId} and {@code -amount}) once the debit
   *     has applied
   * @return the entry as written; empty if the debit was not applied (then nothing was written)
   * @throws DuplicateIdempotencyKeyException if the entry's key is taken for its user
   */
  default Optional<LedgerEntry> debitAndRecord(
      UserId userId, Credits amount, Supplier<LedgerEntry> entry) {
    Optional<Credits> after = debit(userId, amount);
    if (after.isEmpty()) {
      return Optional.empty();
    }
    LedgerEntry written = entry.get().withBalanceAfter(after.get());
    insertEntry(written);
    return Optional.of(written);
  }

  /** Adds {@code amount} (positive) to the posted balance; empty if there is no account. */
  Optional<Credits> creditAccount(UserId userId, Credits amount);

  /**
   * Adds {@code amount} to {@code held} if {@code balance - held >= amount}; false if not applied.
   */
  boolean reserve(UserId userId, Credits amount);

  /**
   * Removes {@code reserved} from {@code held} and {@code captured} from the posted balance.
   *
   * @return the posted balance after
   */
  Credits settle(UserId userId, Credits reserved, Credits captured);

  /**
   * Appends an entry.
   *
   * @throws DuplicateIdempotencyKeyException if the entry's key is taken for its user
   */
  void insertEntry(LedgerEntry entry);

  Optional<LedgerEntry> entry(EntryId id);

  Optional<LedgerEntry> entryByKey(UserId userId, IdempotencyKey key);

  /**
   * Locks the account like {@link #lockAccount} and then reads the entries that took {@code keys}
   * for the user (keys not taken are absent): a coalesced batch of deductions starts here. The
   * entries must be read once the lock is held, so that none committed while this call waited for
   * it is missed. A store may override it to need one round trip.
   *
   * @return empty if the user has no account
   */
  default Optional<LockedAccount> lockAccountWithKeys(
      UserId userId, Collection<IdempotencyKey> keys) {
    Optional<StoredBalance> balance = lockAccount(userId);
    if (balance.isEmpty()) {
      return Optional.empty();
    }
    Map<IdempotencyKey, LedgerEntry> found = new HashMap<>();
    for (IdempotencyKey key : keys) {
      entryByKey(userId, key).ifPresent(entry -> found.put(key, entry));
    }
    return Optional.of(new LockedAccount(balance.get(), found));
  }

  /**
   * Ends a coalesced batch on the account locked by {@link #lockAccount} or {@link
   * #lockAccountWithKeys}: takes {@code debit} from the posted balance and adds {@code reserve} to
   * what is held (the caller checked that {@code balance - held} covers both), stores {@code
   * holds}, and appends {@code entries} in order, each as {@link #insertEntry} with its posted
   * balance after. A store may override it to need one round trip.
   *
   * @throws IllegalStateException if the balance change was not applied (the lock was not held)
   * @throws DuplicateIdempotencyKeyException if an entry's key is taken for its user
   */
  default void writeBatch(
      UserId userId, Credits debit, Credits reserve, List<Hold> holds, List<LedgerEntry> entries) {
    if ((!debit.isZero() && debit(userId, debit).isEmpty())
        || (!reserve.isZero() && !reserve(userId, reserve))) {
      throw new IllegalStateException("a locked account could not be debited or reserved");
    }
    holds.forEach(this::insertHold);
    entries.forEach(this::insertEntry);
  }

  /**
   * {@link #writeBatch} on an account this transaction has not locked, if its row still holds
   * {@code expected}: a coalesced batch of deductions and holds evaluated against the balance the
   * account's previous batch left starts here, without a locking read first. The check and the
   * change must be one conditional update, so that the row is locked from the check on. A store may
   * override it to need one round trip.
   *
   * @throws BalanceChangedException if the row does not hold {@code expected} (or there is none):
   *     the transaction must then not commit, and whatever this call wrote goes with it
   * @throws DuplicateIdempotencyKeyException if an entry's key is taken for its user
   */
  default void writeBatchIfUnchanged(
      UserId userId,
      StoredBalance expected,
      Credits debit,
      Credits reserve,
      List<Hold> holds,
      List<LedgerEntry> entries) {
    if (!lockAccount(userId).map(expected::equals).orElse(false)) {
      throw new BalanceChangedException();
    }
    writeBatch(userId, debit, reserve, holds, entries);
  }

  /** The total of refunds recorded against a charge entry (positive). */
  Credits refundedAgainst(EntryId chargeEntry);

  /** The user's entries, newest first, older than {@code before} when given. */
  List<LedgerEntry> history(UserId userId, Optional<EntryId> before, int limit);

  /** The sum and the count of a user's entry amounts. */
  EntryTotals totals(UserId userId);

  /** Accounts in user id order, after {@code after} when given. */
  List<UserId> accounts(Optional<UserId> after, int limit);

  /**
   * Stores a new hold.
   *
   * @throws DuplicateIdempotencyKeyException if the hold's key is taken for its user
   */
  void insertHold(Hold hold);

  Optional<Hold> hold(HoldId id);

  /**
   * Moves an {@code ACTIVE} hold to {@code status}, recording {@code captured} and the time.
   *
   * @return false if the hold was not active any more (someone else resolved it first)
   */
  boolean resolveHold(HoldId id, HoldStatus status, Credits captured, Instant at);

  /** Active holds whose expiry is at or before {@code now}, of one user or of all. */
  List<Hold> expiredHolds(Optional<UserId> userId, Instant now, int limit);

  /** A stored account row. */
  record StoredBalance(Credits posted, Credits held) {}

  /** A locked account row and the entries that already took some of a batch's keys. */
  record LockedAccount(StoredBalance balance, Map<IdempotencyKey, LedgerEntry> entries) {
    public LockedAccount {
      entries = Map.copyOf(entries);
    }
  }

  /** The sum of a user's entry amounts and how many entries there are. */
  record EntryTotals(Credits sum, long count) {}
}
