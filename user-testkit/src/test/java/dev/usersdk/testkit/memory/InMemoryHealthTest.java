package dev.usersdk.testkit.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.usersdk.Environment;
import dev.usersdk.UserClient;
import dev.usersdk.UserSdkConfig;
import dev.usersdk.ValidationException;
import dev.usersdk.event.RelayConfig;
import dev.usersdk.event.Subscription;
import dev.usersdk.health.Health;
import dev.usersdk.ledger.Credits;
import dev.usersdk.health.HealthStatus;
import dev.usersdk.health.RelayHealth;
import dev.usersdk.health.StoreHealth;
import dev.usersdk.spi.Stores;
import dev.usersdk.spi.TransactionWork;
import dev.usersdk.testkit.ManualClock;
import dev.usersdk.user.NewUser;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** {@link UserClient#health()} on the in-memory stores and on a store that hangs. */
class InMemoryHealthTest {

  @Test
  void theInMemoryStoresAreUpAndCountTheRelaysDeadEvents() {
    try (UserClient client = UserClient.builder().stores(InMemoryStores.create()).clock(ManualClock.create())
        // no opening balance: one event per user
        .config(UserSdkConfig.builder().environment(Environment.DEVELOPMENT).defaultBalance(Credits.ZERO).build())
        .relayConfig(RelayConfig.defaults().withRetrySchedule(List.of()))
        .subscribe(Subscription.of("crm", event -> {
          throw new IllegalStateException("down");
        })).build()) {
      client.users().create(NewUser.email("ann@example.com"));
      Health before = client.health();
      assertThat(before.status()).isEqualTo(HealthStatus.UP);
      assertThat(before.store().schemaVersion()).as("no schema in memory").isEmpty();
      assertThat(before.store().pool()).isEmpty();
      assertThat(before.relay()).extracting(RelayHealth::backlog, RelayHealth::dead)
          .containsExactly(Assertions.tuple(1L, 0L));

      client.events().runOnce();

      Health after = client.health();
      assertThat(after.status()).isEqualTo(HealthStatus.DEGRADED);
      assertThat(after.relay()).extracting(RelayHealth::backlog, RelayHealth::dead)
          .containsExactly(Assertions.tuple(0L, 1L));
    }
  }

  @Test
  void aStoreThatHangsIsDownAtTheTimeoutAndTheNextCheckDoesNotAskItAgain() throws InterruptedException {
    CountDownLatch release = new CountDownLatch(1);
    Stores inner = InMemoryStores.create();
    int[] asked = new int[1];
    Stores hanging = new Stores() {
      @Override
      public <T> T inTransaction(TransactionWork<T> work) {
        return inner.inTransaction(work);
      }

      @Override
      public StoreHealth health(Duration timeout) {
        synchronized (asked) {
          asked[0]++;
        }
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return StoreHealth.up(Duration.ofSeconds(10));
      }
    };
    try (UserClient client = UserClient.builder().stores(hanging).clock(ManualClock.create())
        .config(UserSdkConfig.builder().environment(Environment.DEVELOPMENT).build()).build()) {
      long start = System.nanoTime();
      Health first = client.health(Duration.ofMillis(200));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
      assertThat(first.status()).isEqualTo(HealthStatus.DOWN);
      assertThat(first.store().problem()).hasValueSatisfying(p -> assertThat(p)
          .startsWith("the store has not answered a health check for").endsWith("(timeout 200 ms)"));

      long again = System.nanoTime();
      Health second = client.health(Duration.ofMillis(200));
      assertThat(Duration.ofNanos(System.nanoTime() - again)).as("the question is older than the timeout: at once")
          .isLessThan(Duration.ofMillis(150));
      assertThat(second.status()).isEqualTo(HealthStatus.DOWN);
      synchronized (asked) {
        assertThat(asked[0]).as("one question in flight at a time").isEqualTo(1);
      }

      release.countDown();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      Health recovered;
      do {
        recovered = client.health(Duration.ofSeconds(1));
      } while (recovered.status() != HealthStatus.UP && System.nanoTime() < deadline);
      assertThat(recovered.status()).as("answers again once the store does").isEqualTo(HealthStatus.UP);
    }
  }

  @Test
  void callersAtTheSameTimeShareOneQuestionAndAllGetItsAnswer() throws Exception {
    Stores inner = InMemoryStores.create();
    java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
    CountDownLatch storeAnswers = new CountDownLatch(1);
    Stores slow = new Stores() {
      @Override
      public <T> T inTransaction(TransactionWork<T> work) {
        return inner.inTransaction(work);
      }

      @Override
      public StoreHealth health(Duration timeout) {
        asked.incrementAndGet();
        try {
          storeAnswers.await(10, TimeUnit.SECONDS); // slow: answers once every caller waits for it
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return StoreHealth.up(Duration.ofMillis(300));
      }
    };
    try (UserClient client = UserClient.builder().stores(slow).clock(ManualClock.create())
        .config(UserSdkConfig.builder().environment(Environment.DEVELOPMENT).build()).build()) {
      List<Thread> callers = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
      java.util.concurrent.ExecutorService probes = java.util.concurrent.Executors.newFixedThreadPool(4, task -> {
        Thread thread = new Thread(task);
        callers.add(thread);
        return thread;
      });
      List<java.util.concurrent.Future<Health>> answers = new java.util.ArrayList<>();
      for (int i = 0; i < 4; i++) {
        answers.add(probes.submit(() -> client.health(Duration.ofSeconds(2))));
      }
      waitUntilAllWait(callers, 4);
      storeAnswers.countDown();
      for (java.util.concurrent.Future<Health> answer : answers) {
        assertThat(answer.get(5, TimeUnit.SECONDS).status()).as("a slow store is not a dead one").isEqualTo(HealthStatus.UP);
      }
      probes.shutdown();
      assertThat(asked.get()).as("one question for callers that came together").isLessThanOrEqualTo(2);
    }
  }

  /** Waits (without sleeping) until {@code count} caller threads are parked on their answer. */
  private static void waitUntilAllWait(List<Thread> callers, int count) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      synchronized (callers) {
        if (callers.stream().filter(t -> t.getState() == Thread.State.TIMED_WAITING).count() >= count) {
          return;
        }
      }
      Thread.onSpinWait();
    }
    throw new AssertionError("the callers did not all wait within 10 s");
  }

  @Test
  void aTimeoutMustBePositive() {
    try (UserClient client = UserClient.builder().stores(InMemoryStores.create())
        .config(UserSdkConfig.builder().environment(Environment.DEVELOPMENT).build()).build()) {
      Assertions.assertThatThrownBy(() -> client.health(Duration.ZERO)).isInstanceOf(ValidationException.class);
    }
  }
}
