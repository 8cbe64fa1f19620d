package dev.usersdk.ledger;

import dev.usersdk.Page;
import dev.usersdk.user.UserId;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The credit ledger: {@code client.ledger()}. Balances never go negative, one idempotency key never
 * charges twice (also when retries race), and every change is an entry that explains the balance.
 * Thread-safe; safe across many application nodes sharing one database.
 *
 * <p>Amounts named by a request must be positive ({@link dev.usersdk.ValidationException} for field
 * {@code amount} otherwise). Unknown users are a {@link dev.usersdk.user.UserNotFoundException}.
 *
 * <p><b>Lost answers.</b> The calls that take an {@link IdempotencyKey} settle a commit whose
 * answer was lost ({@link dev.usersdk.OutcomeUnknownException} from the store) themselves: they run
 * the request again under its key for up to ten seconds, which returns the original entry if the
 * first attempt committed ({@link Receipt#replayed()} is then true) and makes the request if it did
 * not. On a server that only reads ({@link dev.usersdk.StoreReadOnlyException}), a deduction or
 * credit whose key was already used is still answered with its original receipt. Calls without a
 * key surface {@code OutcomeUnknownException}: read the state back before trying again.
 */
public interface BalanceLedger {

  Balance balance(UserId userId);

  /**
   * Charges {@code amount} if the available balance covers it: one conditional update, its entry
   * and its idempotency record in one transaction. A retry with the same key returns the original
   * receipt ({@link Receipt#replayed()}); the same key for another amount or kind is an {@link
   * IdempotencyConflictException}. Users the {@link ChargePolicy} exempts get a receipt that is not
   * {@link Receipt#charged()}.
   *
   * @throws InsufficientBalanceException with the requested and the available amount
   */
  Receipt deduct(UserId userId, Credits amount, IdempotencyKey key);

  /** {@link #deduct(UserId, Credits, IdempotencyKey)} with a memo kept on the entry. */
  Receipt deduct(UserId userId, Credits amount, IdempotencyKey key, @Nullable String memo);

  /** Adds credits (a top-up, a grant); idempotent by key like {@link #deduct}. */
  Receipt credit(UserId userId, Credits amount, IdempotencyKey key, @Nullable String reason);

  /**
   * Gives back credits against a deduction or a capture; partial refunds add up to at most what was
   * charged ({@link LedgerStateException} beyond that).
   */
  LedgerEntry refund(EntryId chargeEntry, Credits amount);

  /**
   * {@link #refund(EntryId, Credits)}, safe to retry: the same key again returns the original entry
   * (nothing is paid twice); another request under the key is an {@link
   * IdempotencyConflictException}. The keyless form is for one-off operator acts only.
   */
  LedgerEntry refund(EntryId chargeEntry, Credits amount, IdempotencyKey key);

  /**
   * Reserves {@code amount} until it is captured or released, or {@code ttl} passes. Idempotent by
   * key.
   */
  Hold hold(UserId userId, Credits amount, IdempotencyKey key, Duration ttl);

  /**
   * Settles an active hold: {@code actual} (at most the held amount) leaves the balance, the rest
   * is released. A hold resolves at most once.
   *
   * @throws LedgerStateException if the hold is no longer active (captured, released or expired)
   */
  LedgerEntry capture(HoldId holdId, Credits actual);

  /**
   * {@link #capture(HoldId, Credits)}, safe to retry: the same key again returns the original
   * entry.
   */
  LedgerEntry capture(HoldId holdId, Credits actual, IdempotencyKey key);

  /** Gives up an active hold; nothing leaves the balance. */
  LedgerEntry release(HoldId holdId);

  /** {@link #release(HoldId)}, safe to retry: the same key again returns the original entry. */
  LedgerEntry release(HoldId holdId, IdempotencyKey key);

  Hold getHold(HoldId holdId);

  /**
   * An admin's change of the balance, up or down ({@code delta} not zero); a decrease may not take
   * the balance below what holds reserve.
   *
   * @param admin who adjusts: an admin, or a holder of {@link
   *     dev.usersdk.user.Permissions#CREDITS_ADJUST} adjusting someone else's balance who is not an
   *     admin (checked when the call is made)
   * @throws dev.usersdk.ForbiddenException if {@code admin} may not
   */
  LedgerEntry adjust(UserId userId, Credits delta, String reason, UserId admin);

  /**
   * {@link #adjust(UserId, Credits, String, UserId)}, safe to retry: the same key again returns the
   * original entry (nothing is granted twice).
   */
  LedgerEntry adjust(UserId userId, Credits delta, String reason, UserId admin, IdempotencyKey key);

  /** The user's entries, newest first, {@code limit} (1 to 500) at a time. */
  Page<LedgerEntry> history(UserId userId, int limit, @Nullable String cursor);

  /** The first page of {@link #history(UserId, int, String)}. */
  default Page<LedgerEntry> history(UserId userId, int limit) {
    return history(userId, limit, null);
  }

  /** Whether the user's entries add up to its stored balance. */
  Reconciliation reconcile(UserId userId);

  /** {@link #reconcile} for every account; returns only the ones that do not add up. */
  List<Reconciliation> reconcileAll();

  /** Marks expired holds {@code EXPIRED} and frees what they reserved; returns how many. */
  int sweepExpiredHolds();

  /**
   * What coalescing of concurrent deductions ({@code UserSdkConfig.Builder.deductionBatch}) has
   * done so far: batch sizes, fall-backs, refusals. {@link CoalescingStats#NONE} when it is off.
   */
  CoalescingStats coalescingStats();
}
