package dev.usersdk.ledger.internal;

import dev.usersdk.OutcomeUnknownException;
import dev.usersdk.StoreReadOnlyException;
import dev.usersdk.StoreUnavailableException;
import dev.usersdk.ledger.AccountBusyException;
import dev.usersdk.ledger.CoalescingStats;
import dev.usersdk.ledger.Credits;
import dev.usersdk.ledger.Hold;
import dev.usersdk.ledger.HoldStatus;
import dev.usersdk.ledger.IdempotencyKey;
import dev.usersdk.ledger.LedgerEntry;
import dev.usersdk.ledger.Receipt;
import dev.usersdk.user.UserId;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * Coalesces concurrent keyed requests of one account (deductions, holds, captures, releases,
 * refunds, adjustments): callers queue per account; one of them (the leader) takes up to {@code
 * limit} queued requests and runs them as one batch, completes every caller of the batch, and only
 * then hands the lead to the next queued caller, so batches do not split. A batch of one takes the
 * plain per-request path; a batch whose transaction fails is run again request by request, so one
 * request's failure never fails the others. A caller that finds the account's queue full is refused
 * before it is queued.
 */
final class Coalescer {
  /**
   * Runs a batch of one account's requests in one transaction: one outcome per request. {@code
   * hint} is the account's {@link BalanceHint}, kept from one batch to the next while the account
   * has callers queued.
   */
  interface Batch {
    List<Outcome> run(UserId account, List<Request> requests, BalanceHint hint);
  }

  /**
   * Runs one request by itself. {@code unknown} is set when the request was in a batch whose commit
   * answer was lost: the batch may have made it, so the run settles it by its key and never answers
   * "did not happen" for a store out of reach.
   */
  interface Alone {
    /**
     * Runs the request and answers it: a receipt or a hold.
     *
     * @param unknown set when the request's batch lost its commit answer: settle by the key
     * @param settleBy the {@link System#nanoTime()} by which settling gives up, shared by the batch
     */
    Object run(Request request, @Nullable OutcomeUnknownException unknown, long settleBy);
  }

  /** A keyed request on one account, checked before it is queued. */
  sealed interface Request permits Deduction, Reservation, Resolution, Refund, Adjustment {
    UserId userId();

    Credits amount();

    IdempotencyKey key();
  }

  /** A deduction: answered with a {@link Receipt}. */
  record Deduction(UserId userId, Credits amount, IdempotencyKey key, @Nullable String memo)
      implements Request {}

  /** A hold: answered with a {@link dev.usersdk.ledger.Hold}. */
  record Reservation(UserId userId, Credits amount, IdempotencyKey key, Duration ttl)
      implements Request {}

  /**
   * A keyed capture ({@code to} CAPTURED, {@code amount} the actual) or release ({@code to}
   * RELEASED, {@code amount} the hold's) of {@code hold}, as read before it was queued (its account
   * is the lane; its status is checked again in the batch): answered with the {@link LedgerEntry}
   * it wrote.
   */
  record Resolution(Hold hold, HoldStatus to, Credits amount, IdempotencyKey key)
      implements Request {
    @Override
    public UserId userId() {
      return hold.userId();
    }

    boolean capture() {
      return to == HoldStatus.CAPTURED;
    }
  }

  /**
   * A keyed refund of {@code charge}, read before it was queued (its account is the lane): answered
   * with the {@link LedgerEntry} it wrote.
   */
  record Refund(LedgerEntry charge, Credits amount, IdempotencyKey key) implements Request {
    @Override
    public UserId userId() {
      return charge.userId();
    }
  }

  /**
   * A keyed adjustment by {@code amount} (signed), its admin checked before it was queued: answered
   * with the {@link LedgerEntry} it wrote.
   */
  record Adjustment(UserId userId, Credits amount, IdempotencyKey key, String reason, UserId admin)
      implements Request {}

  /** What one request came to: its answer, or the exception its caller gets. */
  record Outcome(@Nullable Object value, @Nullable RuntimeException failure) {
    static Outcome of(Object value) {
      return new Outcome(value, null);
    }

    static Outcome failed(RuntimeException failure) {
      return new Outcome(null, failure);
    }

    Object get() {
      if (failure != null) {
        throw failure;
      }
      return Objects.requireNonNull(value);
    }
  }

  /**
   * One account's queue: in the map from the moment its first caller takes the lead until a leader
   * finds the queue empty and retires it, so an account in the map always has a leader.
   */
  private static final class Lane {
    final ArrayDeque<Waiter> queue = new ArrayDeque<>();
    final BalanceHint hint = new BalanceHint();
    boolean retired;
  }

  private static final class Waiter {
    final Request request;
    final CompletableFuture<Outcome> done = new CompletableFuture<>();
    final CompletableFuture<Boolean> turn = new CompletableFuture<>();

    Waiter(Request request) {
      this.request = request;
    }
  }

  private final int limit;
  private final int queueBound;
  private final Batch batch;
  private final Alone alone;
  private final ConcurrentHashMap<UserId, Lane> lanes = new ConcurrentHashMap<>();

  private final LongAdder batches = new LongAdder();
  private final LongAdder batched = new LongAdder();
  private final LongAdder ranAlone = new LongAdder();
  private final LongAdder fallbacks = new LongAdder();
  private final LongAdder refused = new LongAdder();
  private final AtomicInteger largest = new AtomicInteger();

  /**
   * @param limit the most requests one batch takes
   * @param queueBound the most requests one account's queue holds
   */
  Coalescer(int limit, int queueBound, Batch batch, Alone alone) {
    this.limit = limit;
    this.queueBound = queueBound;
    this.batch = batch;
    this.alone = alone;
  }

  CoalescingStats stats() {
    return new CoalescingStats(
        batches.sum(),
        batched.sum(),
        ranAlone.sum(),
        fallbacks.sum(),
        refused.sum(),
        largest.get());
  }

  /**
   * Tells the account's lane, if it has one, that a call of this client is writing the account
   * without queueing: see {@link BalanceHint#changedOutside()}.
   */
  void changingOutside(UserId account) {
    Lane lane = lanes.get(account);
    if (lane != null) {
      lane.hint.changedOutside();
    }
  }

  /** Queues the request behind the account's others and answers it: a receipt or a hold. */
  Object submit(Request request) {
    UserId account = request.userId();
    Lane lane = lanes.get(account);
    if (lane == null) {
      Lane mine = new Lane();
      lane = lanes.putIfAbsent(account, mine);
      if (lane == null) {
        // Nobody else is on the account: a batch of this request alone, run at once. Spread-out
        // traffic takes this path almost always, so it has no waiter, futures or lists.
        return leadAlone(mine, request);
      }
    }
    Waiter me = new Waiter(request);
    boolean queued;
    synchronized (lane) {
      queued = !lane.retired;
      if (queued) {
        if (lane.queue.size() >= queueBound) {
          refused.increment();
          throw new AccountBusyException(lane.queue.size());
        }
        lane.queue.add(me);
      }
    }
    if (!queued) {
      return submit(request); // the lane was emptied and dropped a moment ago: start again
    }
    if (await(lane, me)) {
      return me.done.join().get();
    }
    // A leader works for every caller of its batch: its own interrupt must not cut their retries
    // and settling short, so it is held back while leading and restored after.
    boolean interrupted = Thread.interrupted();
    try {
      lead(lane, account);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    return me.done.join().get();
  }

  /**
   * Runs the request of the caller that found its account without a queue, then hands the lead to
   * whoever queued meanwhile (or retires the lane). Its interrupt is held back as any leader's.
   */
  private Object leadAlone(Lane lane, Request request) {
    boolean interrupted = Thread.interrupted();
    try {
      ranAlone.increment();
      // Its answer or its exception is the caller's own, as from a batch of one (see alone()).
      return alone.run(request, null, System.nanoTime() + KeyedRequests.SETTLE_WITHIN.toNanos());
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      handOver(lane, request.userId()); // also when the thread dies: the queue behind must move
    }
  }

  /**
   * Waits for this caller's outcome or its turn to lead.
   *
   * @return true for an outcome, false for the lead
   */
  private boolean await(Lane lane, Waiter me) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          CompletableFuture.anyOf(me.done, me.turn).get();
          return me.done.isDone();
        } catch (InterruptedException e) {
          synchronized (lane) {
            // Still queued and not handed the lead: leave, not applied.
            if (!me.turn.isDone() && lane.queue.remove(me)) {
              Thread.currentThread().interrupt();
              throw new StoreUnavailableException(
                  "interrupted while queued behind other requests of the same account; the"
                      + " request was not made",
                  e);
            }
          }
          interrupted = true; // taken into a batch already: its outcome is on its way
        } catch (ExecutionException e) {
          throw new IllegalStateException("a coalesced request's future failed", e);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Runs one batch, completes its callers, then hands the lead on (or retires the lane). */
  private void lead(Lane lane, UserId account) {
    List<Waiter> taken = new ArrayList<>();
    synchronized (lane) {
      while (!lane.queue.isEmpty() && taken.size() < limit) {
        taken.add(lane.queue.poll());
      }
    }
    List<Outcome> outcomes;
    try {
      outcomes = run(lane, account, taken);
    } catch (Error e) {
      lane.hint.forget();
      // A dying thread: its callers must not wait for ever, nor the queue behind them.
      IllegalStateException failure = new IllegalStateException("the leading thread failed", e);
      taken.forEach(w -> w.done.complete(Outcome.failed(failure)));
      handOver(lane, account);
      throw e;
    }
    for (int i = 0; i < taken.size(); i++) {
      taken.get(i).done.complete(outcomes.get(i));
    }
    handOver(lane, account);
  }

  private void handOver(Lane lane, UserId account) {
    synchronized (lane) {
      Waiter next = lane.queue.peek();
      if (next == null) {
        lane.retired = true;
        lanes.remove(account, lane);
      } else {
        next.turn.complete(true);
      }
    }
  }

  private List<Outcome> run(Lane lane, UserId account, List<Waiter> taken) {
    List<Request> requests = taken.stream().map(w -> w.request).toList();
    OutcomeUnknownException unknown = null;
    if (requests.size() > 1) {
      try {
        List<Outcome> outcomes = batch.run(account, requests, lane.hint);
        batches.increment();
        batched.add(requests.size());
        largest.accumulateAndGet(requests.size(), Math::max);
        return outcomes;
      } catch (OutcomeUnknownException e) {
        fallbacks.increment();
        unknown = e; // the batch may have committed: each request is settled by its key
      } catch (RuntimeException e) {
        // Whatever else failed the batch (one request's data, a lost connection), each request
        // now runs alone: its own outcome.
        fallbacks.increment();
      }
    }
    // Alone, or after a failure, the row changes (or may have) without the lane learning how.
    lane.hint.forget();
    ranAlone.add(requests.size());
    return alone(requests, unknown);
  }

  /**
   * Runs requests one by one. After a lost commit answer they share one settling deadline, so a
   * store out of reach answers the whole batch within it rather than each request in turn; after a
   * store out of reach, the rest are not tried (not made, retryable).
   */
  private List<Outcome> alone(List<Request> requests, @Nullable OutcomeUnknownException unknown) {
    long settleBy = System.nanoTime() + KeyedRequests.SETTLE_WITHIN.toNanos();
    StoreUnavailableException unreachable = null;
    List<Outcome> outcomes = new ArrayList<>(requests.size());
    for (Request request : requests) {
      if (unreachable != null) {
        outcomes.add(
            Outcome.failed(
                new StoreUnavailableException(
                    "not tried: the store was out of reach for another request of the same batch;"
                        + " this one was not made",
                    unreachable)));
        continue;
      }
      try {
        // Each caller its own exception: one shared instance would gather everyone's suppressed.
        OutcomeUnknownException mine =
            unknown == null
                ? null
                : new OutcomeUnknownException(
                    "the batch of this request lost the answer to its commit and the store stayed"
                        + " out of reach: the request may or may not have been made",
                    unknown);
        outcomes.add(Outcome.of(alone.run(request, mine, settleBy)));
      } catch (StoreUnavailableException e) {
        if (unknown == null && !(e instanceof StoreReadOnlyException)) {
          unreachable = e;
        }
        outcomes.add(Outcome.failed(e));
      } catch (RuntimeException e) {
        outcomes.add(Outcome.failed(e));
      }
    }
    return outcomes;
  }
}
