package dev.usersdk.ledger.internal;

import dev.usersdk.audit.internal.Audits;
import dev.usersdk.internal.Timestamps;
import dev.usersdk.internal.UuidV7;
import dev.usersdk.ledger.Credits;
import dev.usersdk.ledger.EntryId;
import dev.usersdk.ledger.EntryKind;
import dev.usersdk.ledger.Hold;
import dev.usersdk.ledger.HoldId;
import dev.usersdk.ledger.HoldStatus;
import dev.usersdk.ledger.IdempotencyKey;
import dev.usersdk.ledger.InsufficientBalanceException;
import dev.usersdk.ledger.LedgerEntry;
import dev.usersdk.ledger.LedgerStateException;
import dev.usersdk.ledger.Receipt;
import dev.usersdk.spi.BalanceChangedException;
import dev.usersdk.spi.DuplicateIdempotencyKeyException;
import dev.usersdk.spi.LedgerStore;
import dev.usersdk.spi.LedgerStore.StoredBalance;
import dev.usersdk.spi.StoreTransaction;
import dev.usersdk.spi.Stores;
import dev.usersdk.user.UserId;
import dev.usersdk.user.UserNotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Runs a coalesced batch: deductions, holds, captures, releases, refunds and adjustments of one
 * account in one transaction, evaluated in arrival order against a running balance, each answered
 * exactly as it would have been alone. The account is locked once; one statement takes the
 * deductions' total from the balance and adds the holds' total to what is held; the holds and the
 * entries (each with the posted balance after it) are written together. A request that does not fit
 * is refused with the amount available at its turn (stale holds are expired first, before anything
 * is made, when the batch asks for more than is available); later, smaller ones may still fit. A
 * key used earlier in the batch replays or conflicts as it would alone.
 *
 * <p>A batch first assumes its keys are new, as a request alone does: the unique key index refuses
 * the insert if one was used before, and only then is the batch run again with its keys looked up
 * under the lock. Keys are new in all but retries, and a lookup that is not made cannot be planned
 * badly: PostgreSQL planned it as a scan of all the hot account's entries, from statistics taken
 * while the account had a few. The keys of requests the balance does not cover are looked up at
 * once, as alone: a retry of a request that was made replays, also when the balance is gone.
 *
 * <p>While callers keep an account's lane busy, its {@link BalanceHint} holds what the previous
 * batch left in the row. A batch of deductions and holds that all fit in that is evaluated before
 * anything is sent and written without the locking read: the balance change's own condition checks
 * that the row still holds it ({@code LedgerStore.writeBatchIfUnchanged}), and locks it from there.
 * Evaluated against the same balance and held amount, every request comes out as it would under the
 * lock. If the row changed, the attempt is rolled back and the batch runs on the locked row.
 */
final class Batches {
  private final Stores stores;
  private final Clock clock;
  private final UuidV7 ids;
  private final Holds holds;
  private final Audits audits;

  Batches(Stores stores, Clock clock, UuidV7 ids, Holds holds, Audits audits) {
    this.audits = audits;
    this.stores = stores;
    this.clock = clock;
    this.ids = ids;
    this.holds = holds;
  }

  List<Coalescer.Outcome> run(UserId userId, List<Coalescer.Request> batch, BalanceHint hint) {
    StoredBalance expected = onlyDebits(batch) ? hint.expected() : null;
    try {
      if (expected != null) {
        try {
          return run(userId, batch, false, expected, hint);
        } catch (BalanceChangedException changed) {
          hint.missed(); // rolled back: run again on the locked row
        }
      }
      return run(userId, batch, false, null, hint);
    } catch (DuplicateIdempotencyKeyException usedBefore) {
      return run(userId, batch, true, null, hint);
    }
  }

  private List<Coalescer.Outcome> run(
      UserId userId,
      List<Coalescer.Request> batch,
      boolean lookUpKeys,
      @Nullable StoredBalance expected,
      BalanceHint hint) {
    Instant now = Timestamps.now(clock);
    Run[] last = new Run[1]; // the store retries a transaction that collided: the last committed
    List<Coalescer.Outcome> outcomes =
        stores.inTransaction(
            tx -> {
              last[0] = new Run(tx, userId, now);
              return last[0].evaluate(batch, lookUpKeys, expected, hint);
            });
    hint.committed(last[0].after, last[0].unlocked);
    return outcomes;
  }

  /** Whether every request only takes from what is available: deductions and holds. */
  private static boolean onlyDebits(List<Coalescer.Request> batch) {
    for (Coalescer.Request request : batch) {
      if (!(request instanceof Coalescer.Deduction || request instanceof Coalescer.Reservation)) {
        return false;
      }
    }
    return true;
  }

  /** One attempt at a batch, inside its transaction: the running balance and what to write. */
  private final class Run {
    private final StoreTransaction tx;
    private final UserId userId;
    private final Instant now;
    private final Map<IdempotencyKey, LedgerEntry> taken = new HashMap<>();
    private final Map<HoldId, Hold> made = new HashMap<>();
    private final List<Hold> newHolds = new ArrayList<>();
    private final List<LedgerEntry> entries = new ArrayList<>();
    private Credits posted = Credits.ZERO;
    private Credits held = Credits.ZERO;
    private Credits debiting = Credits.ZERO;
    private Credits reserving = Credits.ZERO;

    /** What captures and releases free of the reservations, and what the captures take. */
    private Credits releasing = Credits.ZERO;

    private Credits capturing = Credits.ZERO;

    /** What refunds and positive adjustments add to the balance. */
    private Credits crediting = Credits.ZERO;

    /** What the batch's refunds give back, per charge, on top of what was refunded before. */
    private final Map<EntryId, Credits> refunding = new HashMap<>();

    /** Evaluated against a balance known from the previous batch, written without a lock first. */
    boolean unlocked;

    /** What the batch leaves in the account's row; null if there is no account. */
    @Nullable StoredBalance after;

    Run(StoreTransaction tx, UserId userId, Instant now) {
      this.tx = tx;
      this.userId = userId;
      this.now = now;
    }

    List<Coalescer.Outcome> evaluate(
        List<Coalescer.Request> batch,
        boolean lookUpKeys,
        @Nullable StoredBalance expected,
        BalanceHint hint) {
      int outsideBefore = hint.outsideChanges(); // read before the batch's ids are drawn
      Credits asked = batch.stream().map(Run::asks).reduce(Credits.ZERO, Credits::plus);
      // Known from the previous batch and enough for every request: nothing can be refused, so
      // nothing needs the row before the write, whose update checks the row still holds it.
      unlocked = expected != null && expected.posted().minus(expected.held()).compareTo(asked) >= 0;
      Optional<LedgerStore.LockedAccount> locked;
      if (unlocked) {
        locked = Optional.of(new LedgerStore.LockedAccount(expected, Map.of()));
      } else if (lookUpKeys) {
        locked = tx.ledger().lockAccountWithKeys(userId, keysOf(batch));
      } else {
        locked =
            tx.ledger()
                .lockAccount(userId)
                .map(balance -> new LedgerStore.LockedAccount(balance, Map.of()));
      }
      if (locked.isEmpty()) {
        return batch.stream()
            .map(r -> Coalescer.Outcome.failed(new UserNotFoundException(userId)))
            .toList();
      }
      taken.putAll(locked.get().entries());
      posted = locked.get().balance().posted();
      held = locked.get().balance().held();
      if (available().compareTo(asked) < 0) {
        // Stale holds may be what stands in the way. Expired before anything is made, so that
        // their release entries carry the balance as stored and precede the batch's entries.
        holds.expireHoldsOf(tx, userId, now);
        held = tx.ledger().lockAccount(userId).orElseThrow().held();
      }
      List<Integer> refused = new ArrayList<>();
      List<Coalescer.Outcome> outcomes = new ArrayList<>(batch.size());
      for (Coalescer.Request request : batch) {
        LedgerEntry original = taken.get(request.key());
        if (original != null) {
          outcomes.add(replay(original, request));
          continue;
        }
        if (request instanceof Coalescer.Resolution || request instanceof Coalescer.Refund) {
          Coalescer.Outcome outcome =
              request instanceof Coalescer.Resolution resolution
                  ? resolve(resolution)
                  : refund((Coalescer.Refund) request);
          if (outcome.failure() != null) {
            refused.add(outcomes.size()); // a retry of a request made before replays
          }
          outcomes.add(outcome);
          continue;
        }
        Credits available = available();
        Credits wanted = asks(request);
        if (available.compareTo(wanted) < 0) {
          refused.add(outcomes.size());
          outcomes.add(
              Coalescer.Outcome.failed(new InsufficientBalanceException(wanted, available)));
          continue;
        }
        outcomes.add(Coalescer.Outcome.of(make(request)));
      }
      if (!lookUpKeys && !refused.isEmpty()) {
        // A refusal moves no balance, so turning one into a replay changes no other outcome.
        Map<IdempotencyKey, LedgerEntry> used =
            tx.ledger()
                .lockAccountWithKeys(userId, keysOf(refused.stream().map(batch::get).toList()))
                .orElseThrow()
                .entries();
        for (int i : refused) {
          LedgerEntry original = used.get(batch.get(i).key());
          if (original != null) {
            outcomes.set(i, replay(original, batch.get(i)));
          }
        }
      }
      // The account changes once for each kind of change the batch made: credits, settled holds,
      // then debits and reservations with the entries.
      if (!crediting.isZero() && tx.ledger().creditAccount(userId, crediting).isEmpty()) {
        throw new IllegalStateException("a locked account could not be credited");
      }
      if (!releasing.isZero()) {
        tx.ledger().settle(userId, releasing, capturing);
      }
      if (unlocked) {
        tx.ledger()
            .writeBatchIfUnchanged(
                userId, expected, debiting.minus(capturing), reserving, newHolds, entries);
        if (hint.outsideChanges() != outsideBefore) {
          throw new BalanceChangedException(); // see BalanceHint: the history's order is at stake
        }
      } else if (!entries.isEmpty()) {
        tx.ledger().writeBatch(userId, debiting.minus(capturing), reserving, newHolds, entries);
      }
      for (LedgerEntry entry : entries) {
        if (entry.kind() == EntryKind.ADJUSTMENT) {
          LedgerService.audited(audits, tx, entry);
        }
      }
      after = new StoredBalance(postedNow(), held.minus(releasing).plus(reserving));
      return outcomes;
    }

    /** The posted balance so far: what the batch's entries record as their balance after. */
    private Credits postedNow() {
      return posted.minus(debiting).plus(crediting);
    }

    private Credits available() {
      return postedNow().minus(held).minus(reserving).plus(releasing);
    }

    /** What a request takes from what is available when it is made. */
    private static Credits asks(Coalescer.Request request) {
      if (request instanceof Coalescer.Deduction || request instanceof Coalescer.Reservation) {
        return request.amount();
      }
      if (request instanceof Coalescer.Adjustment && request.amount().isNegative()) {
        return request.amount().negate();
      }
      return Credits.ZERO; // captures and releases were reserved; refunds and credits add
    }

    /** A refund, checked as one alone is: with what was refunded before, within the charge. */
    private Coalescer.Outcome refund(Coalescer.Refund request) {
      EntryId charge = request.charge().id();
      Credits refunded = refunding.computeIfAbsent(charge, id -> tx.ledger().refundedAgainst(id));
      try {
        LedgerService.requireWithinCharge(request.charge(), refunded, request.amount());
      } catch (LedgerStateException exceeded) {
        return Coalescer.Outcome.failed(exceeded);
      }
      refunding.put(charge, refunded.plus(request.amount()));
      crediting = crediting.plus(request.amount());
      LedgerEntry entry =
          LedgerEntry.refund(
              new EntryId(ids.next(now)),
              userId,
              request.amount(),
              postedNow(),
              charge,
              request.key(),
              now);
      entries.add(entry);
      taken.put(request.key(), entry);
      return Coalescer.Outcome.of(entry);
    }

    /**
     * A capture or release, checked as {@link Holds} checks one alone: the hold still active (its
     * status changed since it was read is seen by the conditional update), not expired, the capture
     * within it.
     */
    private Coalescer.Outcome resolve(Coalescer.Resolution request) {
      Hold hold = request.hold();
      try {
        Holds.requireResolvable(hold, request.amount(), now);
      } catch (LedgerStateException notNow) {
        return Coalescer.Outcome.failed(notNow);
      }
      Credits captured = request.capture() ? request.amount() : Credits.ZERO;
      if (!tx.ledger().resolveHold(hold.id(), request.to(), captured, now)) {
        HoldStatus status = tx.ledger().hold(hold.id()).map(Hold::status).orElse(request.to());
        return Coalescer.Outcome.failed(
            new LedgerStateException("hold " + hold.id() + " is already " + status));
      }
      releasing = releasing.plus(hold.amount());
      capturing = capturing.plus(captured);
      debiting = debiting.plus(captured);
      EntryId entryId = new EntryId(ids.next(now));
      LedgerEntry entry =
          request.capture()
              ? LedgerEntry.capture(entryId, hold, captured, postedNow(), request.key(), now)
              : LedgerEntry.release(entryId, hold, postedNow(), false, request.key(), now);
      entries.add(entry);
      taken.put(request.key(), entry);
      return Coalescer.Outcome.of(entry);
    }

    private Object make(Coalescer.Request request) {
      EntryId entryId = new EntryId(ids.next(now));
      LedgerEntry entry;
      Object answer;
      if (request instanceof Coalescer.Reservation reservation) {
        reserving = reserving.plus(reservation.amount());
        Hold hold =
            new Hold(
                new HoldId(ids.next(now)),
                userId,
                reservation.amount(),
                reservation.key(),
                HoldStatus.ACTIVE,
                Credits.ZERO,
                now,
                now.plus(reservation.ttl()),
                Optional.empty());
        newHolds.add(hold);
        made.put(hold.id(), hold);
        entry = LedgerEntry.hold(entryId, hold, postedNow(), now);
        answer = hold;
      } else if (request instanceof Coalescer.Adjustment adjustment) {
        if (adjustment.amount().isPositive()) {
          crediting = crediting.plus(adjustment.amount());
        } else {
          debiting = debiting.plus(adjustment.amount().negate());
        }
        entry =
            LedgerEntry.adjustment(
                entryId,
                userId,
                adjustment.amount(),
                postedNow(),
                adjustment.reason(),
                adjustment.admin(),
                adjustment.key(),
                now);
        answer = entry;
      } else {
        Coalescer.Deduction deduction = (Coalescer.Deduction) request;
        debiting = debiting.plus(deduction.amount());
        entry =
            LedgerEntry.deduction(
                    entryId,
                    userId,
                    deduction.amount(),
                    deduction.key(),
                    Accounts.memo(deduction.memo()),
                    now)
                .withBalanceAfter(postedNow());
        answer = new Receipt(entry, false);
      }
      entries.add(entry);
      taken.put(request.key(), entry);
      return answer;
    }

    /**
     * A request whose key was taken: the original's answer if it asked for the same, else a
     * conflict.
     */
    private Coalescer.Outcome replay(LedgerEntry original, Coalescer.Request request) {
      try {
        if (request instanceof Coalescer.Refund refund) {
          return Coalescer.Outcome.of(
              KeyedRequests.sameRequest(
                  original,
                  request.key(),
                  EntryKind.REFUND,
                  request.amount(),
                  refund.charge().id()));
        }
        if (request instanceof Coalescer.Adjustment) {
          return Coalescer.Outcome.of(
              KeyedRequests.sameRequest(
                  original, request.key(), EntryKind.ADJUSTMENT, request.amount(), userId));
        }
        if (request instanceof Coalescer.Resolution resolution) {
          return Coalescer.Outcome.of(
              KeyedRequests.sameRequest(
                  original,
                  request.key(),
                  resolution.capture() ? EntryKind.CAPTURE : EntryKind.RELEASE,
                  request.amount(),
                  resolution.hold().id()));
        }
        if (request instanceof Coalescer.Reservation) {
          HoldId id =
              KeyedRequests.sameRequest(original, request.key(), EntryKind.HOLD, request.amount())
                  .hold()
                  .orElseThrow();
          Hold hold = made.get(id);
          return Coalescer.Outcome.of(hold != null ? hold : tx.ledger().hold(id).orElseThrow());
        }
        return Coalescer.Outcome.of(
            new Receipt(
                KeyedRequests.sameRequest(
                    original, request.key(), EntryKind.DEDUCTION, request.amount()),
                true));
      } catch (RuntimeException conflict) {
        return Coalescer.Outcome.failed(conflict);
      }
    }
  }

  private static List<IdempotencyKey> keysOf(List<Coalescer.Request> requests) {
    return requests.stream().map(Coalescer.Request::key).distinct().toList();
  }
}
