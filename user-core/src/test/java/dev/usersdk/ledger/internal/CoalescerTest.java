package dev.usersdk.ledger.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usersdk.StoreUnavailableException;
import dev.usersdk.ledger.AccountBusyException;
import dev.usersdk.ledger.CoalescingStats;
import dev.usersdk.ledger.Credits;
import dev.usersdk.ledger.EntryId;
import dev.usersdk.ledger.IdempotencyKey;
import dev.usersdk.ledger.LedgerEntry;
import dev.usersdk.ledger.Receipt;
import dev.usersdk.user.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The queue-and-lead machinery of coalesced deductions, with batches it can watch. */
class CoalescerTest {
  private static final UserId POOL = UserId.of(UUID.randomUUID());
  private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

  private static Receipt receipt(Coalescer.Request request, boolean replayed) {
    return new Receipt(LedgerEntry.deduction(new EntryId(UUID.randomUUID()), request.userId(), request.amount(),
        request.key(), null, NOW).withBalanceAfter(Credits.ZERO), replayed);
  }

  private static Coalescer.Deduction request(UserId account, int i) {
    return new Coalescer.Deduction(account, Credits.of(1), IdempotencyKey.of("k-" + i), null);
  }

  @Test
  void concurrentCallersShareBatchesAndEachGetsItsOwnOutcome() throws Exception {
    int callers = 16;
    int each = 50;
    List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger alone = new AtomicInteger();
    List<Thread> workers = Collections.synchronizedList(new ArrayList<>());
    Coalescer coalescer = new Coalescer(64, 10_000, (account, requests, hint) -> {
      batchSizes.add(requests.size());
      return requests.stream().map(r -> Coalescer.Outcome.of(receipt(r, false))).toList();
    }, (r, unknown, settleBy) -> {
      if (alone.incrementAndGet() == 1) {
        // The very first request holds the lead until every other caller has queued behind it.
        waitUntilParked(workers, callers - 1);
      }
      return receipt(r, true);
    });
    ExecutorService threads = Executors.newFixedThreadPool(callers);
    Set<String> keys = ConcurrentHashMap.newKeySet();
    List<Future<?>> running = new ArrayList<>();
    for (int t = 0; t < callers; t++) {
      int thread = t;
      running.add(threads.submit(() -> {
        workers.add(Thread.currentThread());
        for (int i = 0; i < each; i++) {
          Coalescer.Deduction request = request(POOL, thread * each + i);
          Receipt receipt = (Receipt) coalescer.submit(request);
          assertThat(receipt.entry().key()).contains(request.key());
          keys.add(request.key().value());
        }
        return null;
      }));
    }
    for (Future<?> future : running) {
      future.get(60, TimeUnit.SECONDS);
    }
    threads.shutdown();
    int batched = batchSizes.stream().mapToInt(Integer::intValue).sum();
    assertThat(batched + alone.get()).as("every request ran once").isEqualTo(callers * each);
    assertThat(keys).hasSize(callers * each);
    assertThat(Collections.max(batchSizes)).as("the queued callers ran as one batch").isBetween(callers - 1, callers);
    assertThat(batchSizes).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(64));
    CoalescingStats stats = coalescer.stats();
    assertThat(stats.batches()).as("batches of more than one").isEqualTo(batchSizes.stream().filter(n -> n > 1).count());
    assertThat(stats.batchedDeductions() + stats.alone()).isEqualTo(callers * each);
    assertThat(stats.alone()).isEqualTo(alone.get());
    assertThat(stats.largestBatch()).isEqualTo(Collections.max(batchSizes));
    assertThat(stats.fallbacks()).isZero();
    assertThat(stats.meanBatchSize()).isGreaterThan(1);
  }

  @Test
  void aCallerFindingTheQueueFullIsRefusedAndItsDeductionNeverRuns() throws Exception {
    CountDownLatch leading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<String> ran = Collections.synchronizedList(new ArrayList<>());
    List<Thread> queued = Collections.synchronizedList(new ArrayList<>());
    Coalescer coalescer = recordingWithHeldLead(2, ran, leading, release);
    ExecutorService threads = Executors.newFixedThreadPool(3);
    Future<Receipt> first = threads.submit(() -> (Receipt) coalescer.submit(request(POOL, 0)));
    leading.await();
    List<Future<Receipt>> waiting = new ArrayList<>();
    for (int i = 1; i <= 2; i++) {
      int n = i;
      waiting.add(threads.submit(() -> {
        queued.add(Thread.currentThread());
        return (Receipt) coalescer.submit(request(POOL, n));
      }));
    }
    waitUntilParked(queued, 2);
    assertThatThrownBy(() -> coalescer.submit(request(POOL, 3)))
        .isInstanceOf(AccountBusyException.class)
        .hasMessageContaining("2 requests of this account are already waiting")
        .satisfies(e -> assertThat(((AccountBusyException) e).retryable()).isTrue());
    release.countDown();
    first.get(10, TimeUnit.SECONDS);
    for (Future<Receipt> future : waiting) {
      assertThat(future.get(10, TimeUnit.SECONDS)).isNotNull();
    }
    threads.shutdown();
    assertThat(ran).as("the refused deduction never ran").containsExactlyInAnyOrder("k-0", "k-1", "k-2");
    assertThat(coalescer.stats().refused()).isEqualTo(1);
    assertThat(coalescer.stats().batches()).as("the two queued ran as one batch").isEqualTo(1);
  }

  @Test
  void aFailedBatchRunsEachRequestAloneSoOneFailureFailsOnlyItsCaller() throws Exception {
    List<Thread> queued = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch leading = new CountDownLatch(1);
    Coalescer coalescer = new Coalescer(64, 10_000, (account, requests, hint) -> {
      throw new IllegalStateException("one request's data broke the batch");
    }, (r, unknown, settleBy) -> {
      if (r.key().value().equals("k-0")) {
        leading.countDown();
        waitUntilParked(queued, 3); // hold the lead, so the others queue into one batch
      }
      if (r.key().value().equals("k-1")) {
        throw new IllegalArgumentException("this one is bad");
      }
      return receipt(r, false);
    });
    ExecutorService threads = Executors.newFixedThreadPool(4);
    Future<Receipt> first = threads.submit(() -> (Receipt) coalescer.submit(request(POOL, 0)));
    leading.await();
    List<Future<Receipt>> others = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      int n = i;
      others.add(threads.submit(() -> {
        queued.add(Thread.currentThread());
        return (Receipt) coalescer.submit(request(POOL, n));
      }));
    }
    assertThat(first.get(10, TimeUnit.SECONDS)).isNotNull();
    assertThatThrownBy(() -> others.get(0).get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalArgumentException.class);
    assertThat(others.get(1).get(10, TimeUnit.SECONDS).entry().key()).contains(IdempotencyKey.of("k-2"));
    assertThat(others.get(2).get(10, TimeUnit.SECONDS).entry().key()).contains(IdempotencyKey.of("k-3"));
    threads.shutdown();
    assertThatThrownBy(() -> coalescer.submit(request(POOL, 1))).as("a batch of one runs alone")
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(coalescer.stats().fallbacks()).isEqualTo(1);
    assertThat(coalescer.stats().batches()).as("a failed batch is not counted as one").isZero();
    assertThat(coalescer.stats().alone()).isEqualTo(5);
  }

  @Test
  void aCallerInterruptedWhileQueuedLeavesWithoutItsDeduction() throws Exception {
    CountDownLatch leading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<String> ran = Collections.synchronizedList(new ArrayList<>());
    Coalescer coalescer = recordingWithHeldLead(10_000, ran, leading, release);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    Future<Receipt> first = threads.submit(() -> (Receipt) coalescer.submit(request(POOL, 0)));
    leading.await();
    AtomicInteger refused = new AtomicInteger();
    Thread queued = new Thread(() -> {
      try {
        coalescer.submit(request(POOL, 1));
      } catch (StoreUnavailableException e) {
        refused.incrementAndGet();
      }
    });
    queued.start();
    waitUntilParked(List.of(queued), 1);
    queued.interrupt();
    queued.join(5_000);
    release.countDown();
    first.get(10, TimeUnit.SECONDS);
    threads.shutdown();
    assertThat(refused.get()).isEqualTo(1);
    assertThat(ran).as("the interrupted caller's deduction never ran").containsExactly("k-0");
    assertThat((Receipt) coalescer.submit(request(POOL, 2))).as("the lane still works").isNotNull();
  }

  @Test
  void aLoneLeaderThatDiesStillHandsTheLeadToTheCallersQueuedBehindIt() throws Exception {
    List<Thread> queued = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch leading = new CountDownLatch(1);
    Coalescer coalescer = new Coalescer(64, 10_000, (account, requests, hint) -> requests.stream()
        .map(r -> Coalescer.Outcome.of(receipt(r, false))).toList(), (r, unknown, settleBy) -> {
      if (r.key().value().equals("k-0")) {
        leading.countDown();
        waitUntilParked(queued, 2);
        throw new LinkageError("the leading thread dies");
      }
      return receipt(r, false);
    });
    ExecutorService threads = Executors.newFixedThreadPool(3);
    Future<Receipt> first = threads.submit(() -> (Receipt) coalescer.submit(request(POOL, 0)));
    leading.await();
    List<Future<Receipt>> others = new ArrayList<>();
    for (int i = 1; i <= 2; i++) {
      int n = i;
      others.add(threads.submit(() -> {
        queued.add(Thread.currentThread());
        return (Receipt) coalescer.submit(request(POOL, n));
      }));
    }
    assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(LinkageError.class);
    for (Future<Receipt> other : others) {
      assertThat(other.get(10, TimeUnit.SECONDS)).as("the queue behind moved on").isNotNull();
    }
    threads.shutdown();
    assertThat(coalescer.stats().batches()).as("the two queued ran as one batch").isEqualTo(1);
  }

  @Test
  void aLoneLeaderRunsWithItsInterruptHeldBackAndGetsItBack() {
    List<Boolean> interruptedWhileRunning = new ArrayList<>();
    Coalescer coalescer = new Coalescer(64, 10_000, (account, requests, hint) -> {
      throw new AssertionError("a lone request is no batch");
    }, (r, unknown, settleBy) -> {
      interruptedWhileRunning.add(Thread.currentThread().isInterrupted());
      return receipt(r, false);
    });
    Thread.currentThread().interrupt();
    try {
      assertThat((Receipt) coalescer.submit(request(POOL, 0))).isNotNull();
      assertThat(Thread.currentThread().isInterrupted()).as("restored after").isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(interruptedWhileRunning).as("held back while running").containsExactly(false);
    assertThat(coalescer.stats().alone()).isEqualTo(1);
  }

  @Test
  void callersMeetingLanesAsTheyRetireEachRunOnce() throws Exception {
    // Requests that take no time: an account's lane is made and retired on nearly every call, so
    // callers keep finding a lane its leader is just dropping, and must start again.
    int callers = 4;
    int each = 25_000;
    Set<String> ran = ConcurrentHashMap.newKeySet();
    AtomicInteger runs = new AtomicInteger();
    Function<Coalescer.Request, Receipt> run = r -> {
      runs.incrementAndGet();
      ran.add(r.key().value());
      return receipt(r, false);
    };
    Coalescer coalescer = new Coalescer(64, 10_000,
        (account, requests, hint) -> requests.stream().map(r -> Coalescer.Outcome.of(run.apply(r))).toList(),
        (r, unknown, settleBy) -> run.apply(r));
    ExecutorService threads = Executors.newFixedThreadPool(callers);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int t = 0; t < callers; t++) {
        int thread = t;
        running.add(threads.submit(() -> {
          for (int i = 0; i < each; i++) {
            Coalescer.Deduction request = request(POOL, thread * each + i);
            assertThat(((Receipt) coalescer.submit(request)).entry().key()).contains(request.key());
          }
          return null;
        }));
      }
      for (Future<?> future : running) {
        future.get(60, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(runs.get()).as("every request ran once").isEqualTo(callers * each);
    assertThat(ran).hasSize(callers * each);
    CoalescingStats stats = coalescer.stats();
    assertThat(stats.alone() + stats.batchedDeductions()).isEqualTo(callers * each);
  }

  @Test
  void accountsDoNotWaitForEachOther() throws Exception {
    CountDownLatch blocked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    UserId other = UserId.of(UUID.randomUUID());
    Coalescer coalescer = new Coalescer(64, 10_000, (account, requests, hint) -> requests.stream()
        .map(r -> Coalescer.Outcome.of(receipt(r, false))).toList(), (r, unknown, settleBy) -> {
      if (r.userId().equals(POOL)) {
        blocked.countDown();
        await(release);
      }
      return receipt(r, false);
    });
    ExecutorService threads = Executors.newFixedThreadPool(2);
    Future<Receipt> slow = threads.submit(() -> (Receipt) coalescer.submit(request(POOL, 0)));
    blocked.await();
    assertThat(threads.submit(() -> (Receipt) coalescer.submit(request(other, 1))).get(5, TimeUnit.SECONDS)).isNotNull();
    release.countDown();
    slow.get(5, TimeUnit.SECONDS);
    threads.shutdown();
  }

  /**
   * A coalescer that records which requests ran; the request {@code k-0} holds the lead (signalling
   * {@code leading}) until {@code release}, so that others queue behind it.
   */
  private static Coalescer recordingWithHeldLead(int queueBound, List<String> ran, CountDownLatch leading,
      CountDownLatch release) {
    return new Coalescer(64, queueBound, (account, requests, hint) -> {
      requests.forEach(r -> ran.add(r.key().value()));
      return requests.stream().map(r -> Coalescer.Outcome.of(receipt(r, false))).toList();
    }, (r, unknown, settleBy) -> {
      ran.add(r.key().value());
      if (r.key().value().equals("k-0")) {
        leading.countDown();
        await(release);
      }
      return receipt(r, false);
    });
  }

  /** Waits until {@code count} of {@code threads} are parked: queued behind the leader. */
  private static void waitUntilParked(List<Thread> threads, int count) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      synchronized (threads) {
        if (threads.stream().filter(t -> t.getState() == Thread.State.WAITING).count() >= count) {
          return;
        }
      }
      Thread.onSpinWait();
    }
    throw new AssertionError("the callers did not queue within 10 s");
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
