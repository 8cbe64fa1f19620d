package dev.usersdk.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.usersdk.Environment;
import dev.usersdk.OutcomeUnknownException;
import dev.usersdk.StoreUnavailableException;
import dev.usersdk.UserClient;
import dev.usersdk.UserSdkConfig;
import dev.usersdk.ledger.Balance;
import dev.usersdk.ledger.CoalescingStats;
import dev.usersdk.ledger.Credits;
import dev.usersdk.ledger.EntryId;
import dev.usersdk.ledger.EntryKind;
import dev.usersdk.ledger.Hold;
import dev.usersdk.ledger.IdempotencyKey;
import dev.usersdk.ledger.InsufficientBalanceException;
import dev.usersdk.ledger.LedgerEntry;
import dev.usersdk.ledger.Receipt;
import dev.usersdk.testkit.FaultProxy;
import dev.usersdk.testkit.ManualClock;
import dev.usersdk.testkit.TestDatabase;
import dev.usersdk.user.NewUser;
import dev.usersdk.user.UserId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Coalesced deductions where the contract suites cannot reach: several application nodes (two
 * clients, two pools) batching against one account, and faults injected under batches in flight.
 */
class CoalescedDeductionsTest {
  private TestDatabase db;

  @AfterEach
  void dropDatabase() {
    if (db != null) {
      db.close();
    }
  }

  static UserClient coalescing(JdbcStores stores) {
    return UserClient.builder().stores(stores).clock(ManualClock.create())
        .config(UserSdkConfig.builder().environment(Environment.DEVELOPMENT).defaultBalance(Credits.ZERO)
            .deductionBatch(256).build())
        .build();
  }

  private static JdbcStores stores(String url, int pool, boolean migrate) {
    return JdbcStores.fromConfig(JdbcConfig.builder(url).maximumPoolSize(pool).migrate(migrate).build());
  }

  @ParameterizedTest
  @EnumSource(value = TestDatabase.Kind.class, names = {"MYSQL", "POSTGRESQL"})
  void twoNodesBatchingDeductionsAndHoldsOnOneAccountAcceptExactlyWhatItHolds(TestDatabase.Kind kind) throws Exception {
    db = TestDatabase.create(kind);
    try (JdbcStores first = stores(db.url(), 8, true);
        JdbcStores second = stores(db.url(), 8, false);
        UserClient nodeA = coalescing(first);
        UserClient nodeB = coalescing(second)) {
      UserId pool = nodeA.users().create(NewUser.email("pool@example.com")).id();
      nodeA.ledger().credit(pool, Credits.of(3_000), IdempotencyKey.of("fund"), "funding");
      int threadsPerNode = 24;
      int each = 150; // 48 x 150 = 7,200 attempts against 3,000 credits
      Map<String, Receipt> receipts = new ConcurrentHashMap<>();
      Map<String, Hold> holds = new ConcurrentHashMap<>();
      AtomicInteger refused = new AtomicInteger();
      List<Callable> tasks = new ArrayList<>();
      for (int t = 0; t < 2 * threadsPerNode; t++) {
        UserClient node = t % 2 == 0 ? nodeA : nodeB;
        int thread = t;
        tasks.add(() -> {
          for (int i = 0; i < each; i++) {
            String key = "n" + thread + "-" + i;
            try {
              if (i % 7 == 3) { // holds share the batches and the balance
                holds.put(key, node.ledger().hold(pool, Credits.of(1), IdempotencyKey.of(key), Duration.ofMinutes(5)));
              } else {
                receipts.put(key, node.ledger().deduct(pool, Credits.of(1), IdempotencyKey.of(key)));
              }
            } catch (InsufficientBalanceException e) {
              refused.incrementAndGet();
            }
            String earlier = "n" + thread + "-" + (i / 2);
            if (i % 10 == 0 && receipts.containsKey(earlier)) {
              // A retry of an accepted request, inside a batch or alone: answered by its key.
              Receipt again = node.ledger().deduct(pool, Credits.of(1), IdempotencyKey.of(earlier));
              assertThat(again.replayed()).as("a retry never charges again").isTrue();
              assertThat(again.entryId()).isEqualTo(receipts.get(earlier).entryId());
            }
          }
          return null;
        });
      }
      race(tasks);

      assertThat(receipts.size() + holds.size()).as("exactly what the account held").isEqualTo(3_000);
      assertThat(holds).as("holds were made").isNotEmpty();
      assertThat(refused.get()).isEqualTo(2 * threadsPerNode * each - 3_000);
      Balance end = nodeA.ledger().balance(pool);
      assertThat(end.posted()).isEqualTo(Credits.of(3_000 - receipts.size()));
      assertThat(end.held()).isEqualTo(Credits.of(holds.size()));
      assertThat(end.available()).isEqualTo(Credits.ZERO);
      assertThat(nodeB.ledger().reconcile(pool).consistent()).isTrue();
      assertThat(nodeB.ledger().reconcile(pool).entries()).as("one entry per accepted key").isEqualTo(1 + 3_000);
      for (UserClient node : List.of(nodeA, nodeB)) {
        CoalescingStats stats = node.ledger().coalescingStats();
        assertThat(stats.batches()).as("each node batched its own callers").isPositive();
        assertThat(stats.fallbacks()).isZero();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = TestDatabase.Kind.class, names = {"MYSQL", "POSTGRESQL"})
  void connectionsCutAndCommitAnswersLostUnderBatchesLeaveEveryCallerRightAndNoKeyChargedTwice(
      TestDatabase.Kind kind) throws Exception {
    db = TestDatabase.create(kind);
    try (Faulty faulty = new Faulty(db, kind, 100)) {
      UserClient observer = faulty.observer;
      UserClient client = faulty.client;
      FaultProxy proxy = faulty.proxy;
      UserId pool = observer.users().create(NewUser.email("pool@example.com")).id();
      observer.ledger().credit(pool, Credits.of(100_000), IdempotencyKey.of("fund"), "funding");
      int threads = 16;
      int each = 200;
      Map<String, RuntimeException> failures = new ConcurrentHashMap<>();
      Map<String, EntryId> answered = faulty.callAll(threads, each, (thread, i) -> "f" + thread + "-" + i,
          key -> client.ledger().deduct(pool, Credits.of(1), IdempotencyKey.of(key)).entryId(), failures);

      assertThat(proxy.answersDropped()).as("commit answers were lost under batches").isPositive();
      Map<String, LedgerEntry> stored = deductionsByKey(observer, pool);
      assertEveryCallerRight(answered, failures, stored, threads * each);
      assertThat(observer.ledger().reconcile(pool).consistent()).isTrue();
      assertThat(observer.ledger().balance(pool).posted())
          .as("one charge per stored key").isEqualTo(Credits.of(100_000 - stored.size()));

      // Every failed caller retries with its key: each ends charged exactly once.
      for (String key : failures.keySet()) {
        observer.ledger().deduct(pool, Credits.of(1), IdempotencyKey.of(key));
      }
      assertThat(deductionsByKey(observer, pool)).hasSize(threads * each);
      assertThat(observer.ledger().balance(pool).posted()).isEqualTo(Credits.of(100_000 - threads * each));
      assertThat(client.ledger().coalescingStats().batches()).as("the faults hit batches").isPositive();
    }
  }

  @ParameterizedTest
  @EnumSource(value = TestDatabase.Kind.class, names = {"MYSQL", "POSTGRESQL"})
  void capturesAndReleasesUnderFaultsResolveEachHoldOnceAndEveryCallerRight(TestDatabase.Kind kind)
      throws Exception {
    db = TestDatabase.create(kind);
    try (Faulty faulty = new Faulty(db, kind, 40)) {
      UserClient observer = faulty.observer;
      UserId pool = observer.users().create(NewUser.email("pool@example.com")).id();
      observer.ledger().credit(pool, Credits.of(10_000), IdempotencyKey.of("fund"), "funding");
      int threads = 16;
      int each = 60;
      List<Hold> made = new ArrayList<>();
      for (int i = 0; i < threads * each; i++) {
        made.add(observer.ledger().hold(pool, Credits.of(2), IdempotencyKey.of("h" + i), Duration.ofMinutes(5)));
      }
      Map<String, RuntimeException> failures = new ConcurrentHashMap<>();
      Map<String, EntryId> answered = faulty.callAll(threads, each,
          (thread, i) -> ((thread * each + i) % 2 == 0 ? "c" : "r") + (thread * each + i),
          key -> resolve(faulty.client, made.get(Integer.parseInt(key.substring(1))), key).id(), failures);

      assertThat(faulty.proxy.answersDropped()).as("commit answers were lost under batches").isPositive();
      Map<String, LedgerEntry> stored = entriesByKey(observer, pool, EntryKind.CAPTURE, EntryKind.RELEASE);
      assertEveryCallerRight(answered, failures, stored, threads * each);
      assertThat(observer.ledger().reconcile(pool).consistent()).isTrue();

      // Every failed caller retries with its key: each hold ends resolved exactly once.
      for (String key : failures.keySet()) {
        resolve(observer, made.get(Integer.parseInt(key.substring(1))), key);
      }
      assertThat(entriesByKey(observer, pool, EntryKind.CAPTURE, EntryKind.RELEASE)).hasSize(threads * each);
      Balance end = observer.ledger().balance(pool);
      assertThat(end.held()).isEqualTo(Credits.ZERO);
      assertThat(end.posted()).as("a capture of 1 for every other hold").isEqualTo(Credits.of(10_000 - threads * each / 2));
      assertThat(faulty.client.ledger().coalescingStats().batches()).as("the faults hit batches").isPositive();
    }
  }

  /**
   * Every caller ended: with the entry stored under its key, or with a typed error; one refused as
   * not done ({@code StoreUnavailableException}) was not done.
   */
  private static void assertEveryCallerRight(Map<String, EntryId> answered, Map<String, RuntimeException> failures,
      Map<String, LedgerEntry> stored, int calls) {
    assertThat(answered.size() + failures.size()).as("every caller ended").isEqualTo(calls);
    answered.forEach((key, entry) -> assertThat(stored.get(key)).as("the answer of " + key + " is what is stored")
        .isNotNull().extracting(LedgerEntry::id).isEqualTo(entry));
    failures.forEach((key, failure) -> {
      if (failure instanceof StoreUnavailableException) {
        assertThat(stored).as(key + " was refused as not done: " + failure).doesNotContainKey(key);
      }
    });
  }

  /** Captures 1 of the hold under a "c" key, releases it under an "r" key. */
  private static LedgerEntry resolve(UserClient client, Hold hold, String key) {
    return key.startsWith("c") ? client.ledger().capture(hold.id(), Credits.of(1), IdempotencyKey.of(key))
        : client.ledger().release(hold.id(), IdempotencyKey.of(key));
  }

  /**
   * A coalescing client whose connections go through a proxy, an observer on direct ones, and a fault every
   * {@code every} requests answered (30 in all), injected by whichever caller reaches the count: a lost commit
   * answer, a connection cut before a commit, or every connection cut at once, wherever the batches in flight are.
   * Paced by progress, not by the wall clock.
   */
  private static final class Faulty implements AutoCloseable {
    final FaultProxy proxy;
    final UserClient observer;
    final UserClient client;
    private final JdbcStores direct;
    private final JdbcStores throughProxy;
    private final int every;
    private final AtomicInteger answered = new AtomicInteger();

    Faulty(TestDatabase db, TestDatabase.Kind kind, int every) {
      this.every = every;
      proxy = FaultProxy.forUrl(db.url());
      direct = stores(db.url(), 2, true);
      // PostgreSQL's driver names a statement after five uses and then sends only the name:
      // unnamed statements keep the COMMIT visible to the proxy.
      throughProxy = stores(proxy.url(db.url())
          + (kind == TestDatabase.Kind.POSTGRESQL ? (db.url().contains("?") ? "&" : "?") + "prepareThreshold=0" : ""),
          8, false);
      observer = coalescing(direct);
      client = coalescing(throughProxy);
    }

    /**
     * {@code threads} callers each make {@code each} calls through the faults, under the keys {@code keyOf} gives
     * (thread, call); returns each answered call's entry id by key and puts each typed failure into {@code failures}.
     */
    Map<String, EntryId> callAll(int threads, int each, BiFunction<Integer, Integer, String> keyOf,
        Function<String, EntryId> call, Map<String, RuntimeException> failures) throws Exception {
      Map<String, EntryId> entries = new ConcurrentHashMap<>();
      List<Callable> tasks = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        tasks.add(() -> {
          for (int i = 0; i < each; i++) {
            String key = keyOf.apply(thread, i);
            try {
              entries.put(key, call.apply(key));
            } catch (StoreUnavailableException | OutcomeUnknownException typed) {
              failures.put(key, typed);
            }
            answered();
          }
          return null;
        });
      }
      race(tasks);
      return entries;
    }

    void answered() {
      int n = answered.incrementAndGet();
      if (n % every == 0 && n / every <= 30) {
        switch (n / every % 3) {
          case 0 -> proxy.dropAnswersToNextCommits(1);
          case 1 -> proxy.cutBeforeNextCommits(1);
          default -> proxy.cutAll();
        }
      }
    }

    @Override
    public void close() throws Exception {
      client.close();
      observer.close();
      throughProxy.close();
      direct.close();
      proxy.close();
    }
  }

  /**
   * Batches written without the locking read draw their entries' ids before they hold the row, so
   * calls of the same client that do not queue and leave the balance as they found it (here a
   * credit and a deduction of 5 made inside the caller's own transaction) could otherwise commit
   * entries numbered after a batch's, ahead of it: the history read in id order must still be a
   * running balance.
   */
  @ParameterizedTest
  @EnumSource(value = TestDatabase.Kind.class, names = {"MYSQL", "POSTGRESQL"})
  void historyStaysARunningBalanceWhileUnqueuedCallsOfTheSameClientGiveAndTakeBack(TestDatabase.Kind kind)
      throws Exception {
    db = TestDatabase.create(kind);
    try (JdbcStores stores = stores(db.url(), 8, true); UserClient client = coalescing(stores)) {
      UserId pool = client.users().create(NewUser.email("pool@example.com")).id();
      client.ledger().credit(pool, Credits.of(1_000_000), IdempotencyKey.of("fund"), "funding");
      int callers = 12;
      int each = 300;
      int givers = 2;
      int rounds = 150;
      List<Callable> tasks = new ArrayList<>();
      for (int t = 0; t < callers; t++) {
        int thread = t;
        tasks.add(() -> {
          for (int i = 0; i < each; i++) {
            client.ledger().deduct(pool, Credits.of(1), IdempotencyKey.of("c" + thread + "-" + i));
          }
          return null;
        });
      }
      for (int t = 0; t < givers; t++) {
        int thread = t;
        tasks.add(() -> {
          for (int i = 0; i < rounds; i++) {
            String key = "g" + thread + "-" + i;
            client.ledger().credit(pool, Credits.of(5), IdempotencyKey.of(key + "+"), "given");
            stores.inTransaction(tx -> client.ledger().deduct(pool, Credits.of(5), IdempotencyKey.of(key + "-")));
          }
          return null;
        });
      }
      race(tasks);

      List<LedgerEntry> oldestFirst = new ArrayList<>();
      Optional<String> cursor = Optional.empty();
      do {
        var page = client.ledger().history(pool, 500, cursor.orElse(null));
        List<LedgerEntry> older = new ArrayList<>(page.items()); // newest first
        Collections.reverse(older);
        oldestFirst.addAll(0, older);
        cursor = page.nextCursor();
      } while (cursor.isPresent());
      assertThat(oldestFirst).filteredOn(entry -> entry.kind() == EntryKind.DEDUCTION)
          .hasSize(callers * each + givers * rounds);
      assertThat(oldestFirst).filteredOn(entry -> entry.kind() == EntryKind.CREDIT).hasSize(1 + givers * rounds);
      for (int i = 1; i < oldestFirst.size(); i++) {
        LedgerEntry before = oldestFirst.get(i - 1);
        LedgerEntry entry = oldestFirst.get(i);
        assertThat(entry.balanceAfter()).as("entry %d of %d, %s after %s", i, oldestFirst.size(), entry, before)
            .isEqualTo(before.balanceAfter().plus(entry.amount()));
      }
      assertThat(client.ledger().balance(pool).posted()).isEqualTo(Credits.of(1_000_000 - callers * each));
      assertThat(client.ledger().reconcile(pool).consistent()).isTrue();
      assertThat(client.ledger().coalescingStats().batches()).isPositive();
    }
  }

  private static Map<String, LedgerEntry> deductionsByKey(UserClient client, UserId pool) {
    return entriesByKey(client, pool, EntryKind.DEDUCTION);
  }

  private static Map<String, LedgerEntry> entriesByKey(UserClient client, UserId pool, EntryKind... kinds) {
    List<EntryKind> wanted = List.of(kinds);
    Map<String, LedgerEntry> found = new HashMap<>();
    Optional<String> cursor = Optional.empty();
    do {
      var page = client.ledger().history(pool, 500, cursor.orElse(null));
      for (LedgerEntry entry : page.items()) {
        if (wanted.contains(entry.kind())) {
          assertThat(found.put(entry.key().orElseThrow().value(), entry)).as("a key charged twice").isNull();
        }
      }
      cursor = page.nextCursor();
    } while (cursor.isPresent());
    return found;
  }

  /** Starts the tasks together and fails on the first that failed. */
  private static void race(List<Callable> tasks) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(tasks.size());
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (Callable task : tasks) {
        running.add(threads.submit(() -> {
          start.await();
          return task.call();
        }));
      }
      start.countDown();
      for (Future<?> future : running) {
        future.get(3, TimeUnit.MINUTES);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  /** A racing task. */
  @FunctionalInterface
  interface Callable {
    Object call() throws Exception;
  }
}
