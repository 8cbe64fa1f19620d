package dev.usersdk.ledger.internal;

import dev.usersdk.ValidationException;
import dev.usersdk.internal.Timestamps;
import dev.usersdk.internal.UuidV7;
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
import dev.usersdk.spi.DuplicateIdempotencyKeyException;
import dev.usersdk.spi.StoreTransaction;
import dev.usersdk.spi.Stores;
import dev.usersdk.user.UserId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** Reservations: credits held now and captured, released or expired later. */
final class Holds {
  /** Longest hold accepted: a reservation is for work in flight, not for storage. */
  static final Duration MAX_HOLD_TTL = Duration.ofDays(30);

  static final int SWEEP_BATCH = 500;

  private final Stores stores;
  private final Clock clock;
  private final UuidV7 ids;
  private final KeyedRequests requests;
  private final Consumer<UserId> writingUnqueued;

  /**
   * @param writingUnqueued told of every write of an account made here, once its entry is numbered
   *     and before it commits (see {@link BalanceHint}: these writes do not go through the
   *     account's queue)
   */
  Holds(
      Stores stores,
      Clock clock,
      UuidV7 ids,
      KeyedRequests requests,
      Consumer<UserId> writingUnqueued) {
    this.stores = stores;
    this.clock = clock;
    this.ids = ids;
    this.requests = requests;
    this.writingUnqueued = writingUnqueued;
  }

  Hold hold(UserId userId, Credits amount, IdempotencyKey key, Duration ttl) {
    Objects.requireNonNull(userId, "userId");
    Accounts.requirePositive(amount);
    Objects.requireNonNull(key, "key");
    requireTtl(ttl);
    Instant now = Timestamps.now(clock);
    try {
      return stores.inTransaction(
          tx -> {
            if (!tx.ledger().reserve(userId, amount)) {
              expireHoldsOf(tx, userId, now);
              if (!tx.ledger().reserve(userId, amount)) {
                throw KeyedRequests.refusal(tx, userId, amount, key);
              }
            }
            Hold hold =
                new Hold(
                    new HoldId(ids.next(now)),
                    userId,
                    amount,
                    key,
                    HoldStatus.ACTIVE,
                    Credits.ZERO,
                    now,
                    now.plus(ttl),
                    Optional.empty());
            tx.ledger().insertHold(hold);
            Credits posted = tx.ledger().account(userId).orElseThrow().posted();
            // The HOLD entry carries the key, so one key is one request across deductions, credits
            // and holds.
            tx.ledger().insertEntry(LedgerEntry.hold(nextEntryId(now), hold, posted, now));
            writingUnqueued.accept(userId);
            return hold;
          });
    } catch (DuplicateIdempotencyKeyException e) {
      LedgerEntry original = requests.original(userId, key, EntryKind.HOLD, amount);
      return get(original.hold().orElseThrow());
    }
  }

  static void requireTtl(@Nullable Duration ttl) {
    if (ttl == null || ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_HOLD_TTL) > 0) {
      throw new ValidationException(
          "ttl", "ttl must be positive and at most " + MAX_HOLD_TTL.toDays() + " days");
    }
  }

  LedgerEntry capture(HoldId holdId, Credits actual, @Nullable IdempotencyKey key) {
    Accounts.requirePositive(actual);
    return resolveKeyed(holdId, HoldStatus.CAPTURED, actual, key);
  }

  LedgerEntry release(HoldId holdId, @Nullable IdempotencyKey key) {
    return resolveKeyed(holdId, HoldStatus.RELEASED, Credits.ZERO, key);
  }

  /** A keyed resolution asked again answers with the entry it wrote the first time. */
  private LedgerEntry resolveKeyed(
      HoldId holdId, HoldStatus to, Credits actual, @Nullable IdempotencyKey key) {
    try {
      return resolve(holdId, to, actual, key);
    } catch (DuplicateIdempotencyKeyException e) {
      Hold hold = get(holdId);
      boolean capture = to == HoldStatus.CAPTURED;
      return requests.original(
          hold.userId(),
          Objects.requireNonNull(key, "key"),
          capture ? EntryKind.CAPTURE : EntryKind.RELEASE,
          capture ? actual : hold.amount(),
          holdId);
    }
  }

  /**
   * One read, without a transaction of its own where the store can: nothing to commit, so no commit
   * answer to lose (a keyed capture or release reads its hold this way before it queues).
   */
  Hold get(HoldId holdId) {
    Objects.requireNonNull(holdId, "holdId");
    return stores
        .read(tx -> tx.ledger().hold(holdId))
        .orElseThrow(() -> new LedgerNotFoundException("hold with id " + holdId));
  }

  int sweepExpired() {
    int swept = 0;
    while (true) {
      Instant now = Timestamps.now(clock);
      List<Hold> expired =
          stores.inTransaction(tx -> tx.ledger().expiredHolds(Optional.empty(), now, SWEEP_BATCH));
      for (Hold hold : expired) {
        boolean done = stores.inTransaction(tx -> expire(tx, hold, now));
        swept += done ? 1 : 0;
      }
      if (expired.size() < SWEEP_BATCH) {
        return swept;
      }
    }
  }

  /**
   * Expires the user's holds whose time ran out: stale holds may be what stands in a request's way.
   */
  void expireHoldsOf(StoreTransaction tx, UserId userId, Instant now) {
    for (Hold hold : tx.ledger().expiredHolds(Optional.of(userId), now, Integer.MAX_VALUE)) {
      expire(tx, hold, now);
    }
  }

  /** What the user's holds that ran out still reserve in the store. */
  static Credits expiredAmount(StoreTransaction tx, UserId userId, Instant now) {
    Credits total = Credits.ZERO;
    for (Hold hold : tx.ledger().expiredHolds(Optional.of(userId), now, Integer.MAX_VALUE)) {
      total = total.plus(hold.amount());
    }
    return total;
  }

  private boolean expire(StoreTransaction tx, Hold hold, Instant now) {
    // The account row first, then the hold's: every ledger write takes them in this order. A
    // deduction whose conditional debit failed on PostgreSQL still holds the account row, and
    // then expires stale holds; a resolution that took the hold first and then waited for the
    // account deadlocked with it (16 callers meeting one stale hold exhausted the retry budget).
    tx.ledger().lockAccount(hold.userId());
    return settle(tx, hold, HoldStatus.EXPIRED, Credits.ZERO, null, now).isPresent();
  }

  /**
   * Resolves an active hold and settles the account: {@code captured} leaves the balance, the
   * reservation is freed, and a CAPTURE or RELEASE entry records it. The caller has locked the
   * account.
   *
   * @return the entry, or empty if someone else resolved the hold first (nothing written)
   */
  private Optional<LedgerEntry> settle(
      StoreTransaction tx,
      Hold hold,
      HoldStatus to,
      Credits captured,
      @Nullable IdempotencyKey key,
      Instant now) {
    if (!tx.ledger().resolveHold(hold.id(), to, captured, now)) {
      return Optional.empty();
    }
    Credits posted = tx.ledger().settle(hold.userId(), hold.amount(), captured);
    LedgerEntry entry =
        to == HoldStatus.CAPTURED
            ? LedgerEntry.capture(nextEntryId(now), hold, captured, posted, key, now)
            : LedgerEntry.release(
                nextEntryId(now), hold, posted, to == HoldStatus.EXPIRED, key, now);
    tx.ledger().insertEntry(entry);
    writingUnqueued.accept(hold.userId());
    return Optional.of(entry);
  }

  private LedgerEntry resolve(
      HoldId holdId, HoldStatus to, Credits actual, @Nullable IdempotencyKey key) {
    Objects.requireNonNull(holdId, "holdId");
    Instant now = Timestamps.now(clock);
    return stores.inTransaction(
        tx -> {
          UserId owner =
              tx.ledger()
                  .hold(holdId)
                  .orElseThrow(() -> new LedgerNotFoundException("hold with id " + holdId))
                  .userId();
          // The account first, as every ledger write takes it; then the key and the hold as they
          // are under that lock, so a retry racing its first attempt sees the first's entry and
          // is answered from it even though the hold is no longer active.
          tx.ledger().lockAccount(owner);
          KeyedRequests.requireKeyFree(tx, owner, key);
          Hold hold = tx.ledger().hold(holdId).orElseThrow();
          requireResolvable(hold, actual, now);
          return settle(tx, hold, to, actual, key, now)
              .orElseThrow(
                  () -> new LedgerStateException("hold " + holdId + " was resolved concurrently"));
        });
  }

  /**
   * Refuses to resolve a hold that is no longer active, has run out, or is smaller than what a
   * capture takes ({@code actual}; a release asks for the hold's own amount).
   */
  static void requireResolvable(Hold hold, Credits actual, Instant now) {
    if (hold.status() != HoldStatus.ACTIVE) {
      throw new LedgerStateException("hold " + hold.id() + " is already " + hold.status());
    }
    if (!hold.activeAt(now)) {
      throw new LedgerStateException("hold " + hold.id() + " expired at " + hold.expiresAt());
    }
    if (actual.compareTo(hold.amount()) > 0) {
      throw new LedgerStateException("cannot capture " + actual + " of a hold of " + hold.amount());
    }
  }

  private EntryId nextEntryId(Instant now) {
    return new EntryId(ids.next(now));
  }
}
