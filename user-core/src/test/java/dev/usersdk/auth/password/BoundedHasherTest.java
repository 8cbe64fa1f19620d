package dev.usersdk.auth.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.usersdk.ConfigurationException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class BoundedHasherTest {
  private static final Password SECRET = Password.of("s3cret-value");

  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final BlockingHasher blocking = new BlockingHasher();

  @AfterEach
  void tearDown() {
    blocking.release.countDown();
    pool.shutdownNow();
  }

  @Test
  void aCallerBeyondTheBoundGivesUpAfterMaxWaitWithARetryableError() throws Exception {
    PasswordHasher bounded = PasswordHashers.bounded(blocking, 1, Duration.ofMillis(200));
    Future<String> first = pool.submit(() -> bounded.hash(SECRET));
    assertThat(blocking.entered.await(5, TimeUnit.SECONDS)).isTrue();

    long start = System.nanoTime();
    assertThatThrownBy(() -> bounded.matches(SECRET, "hash"))
        .isInstanceOf(PasswordHashingBusyException.class)
        .hasMessageNotContaining(SECRET.reveal())
        .satisfies(
            e -> {
              PasswordHashingBusyException busy = (PasswordHashingBusyException) e;
              assertThat(busy.retryable()).isTrue();
              assertThat(busy.code()).isEqualTo("password_hashing_busy");
            });
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(
        Duration.ofMillis(150));
    assertThatThrownBy(() -> bounded.hash(SECRET))
        .isInstanceOf(PasswordHashingBusyException.class);

    blocking.release.countDown();
    assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("hash");
    // the permit came back
    assertThat(bounded.matches(SECRET, "hash")).isTrue();
  }

  @Test
  void aWaiterGetsTheSlotWhenItFreesUpInTime() throws Exception {
    PasswordHasher bounded = PasswordHashers.bounded(blocking, 1, Duration.ofSeconds(5));
    Future<String> first = pool.submit(() -> bounded.hash(SECRET));
    assertThat(blocking.entered.await(5, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<Boolean> second = new CompletableFuture<>();
    Thread waiter = new Thread(() -> second.complete(bounded.matches(SECRET, "hash")));
    waiter.start();
    // Wait for the condition, not for a time: the waiter is parked in the semaphore's timed acquire.
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
      while (waiter.getState() != Thread.State.TIMED_WAITING) {
        Thread.onSpinWait();
      }
    });
    assertThat(second).isNotDone();
    blocking.release.countDown();
    assertThat(second.get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("hash");
  }

  @Test
  void letsMaxConcurrentCallsRunAtOnce() throws Exception {
    BlockingHasher twoParty = new BlockingHasher(2);
    PasswordHasher bounded = PasswordHashers.bounded(twoParty, 2, Duration.ofMillis(100));
    pool.submit(() -> bounded.hash(SECRET));
    pool.submit(() -> bounded.hash(SECRET));
    try {
      assertThat(twoParty.entered.await(5, TimeUnit.SECONDS)).isTrue();
      assertThatThrownBy(() -> bounded.hash(SECRET))
          .isInstanceOf(PasswordHashingBusyException.class);
    } finally {
      twoParty.release.countDown();
    }
  }

  @Test
  void anInterruptedWaiterKeepsItsInterruptFlag() throws Exception {
    PasswordHasher bounded = PasswordHashers.bounded(blocking, 1, Duration.ofSeconds(30));
    pool.submit(() -> bounded.hash(SECRET));
    assertThat(blocking.entered.await(5, TimeUnit.SECONDS)).isTrue();

    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> bounded.matches(SECRET, "hash"))
          .isInstanceOf(PasswordHashingBusyException.class)
          .hasCauseInstanceOf(InterruptedException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted(); // clear it for the next test
    }
  }

  @Test
  void needsRehashIsNotBounded() throws Exception {
    PasswordHasher bounded = PasswordHashers.bounded(blocking, 1, Duration.ofSeconds(30));
    pool.submit(() -> bounded.hash(SECRET));
    assertThat(blocking.entered.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(bounded.needsRehash("old")).isTrue();
  }

  @Test
  void aRealHasherWorksThroughTheBound() {
    PasswordHasher bounded =
        PasswordHashers.bounded(
            PasswordHashers.delegating(PasswordHashers.argon2idForTestsOnly(1024, 1)),
            2,
            Duration.ofSeconds(5));
    String encoded = bounded.hash(SECRET);
    assertThat(bounded.matches(SECRET, encoded)).isTrue();
    assertThat(bounded.matches(Password.of("other"), encoded)).isFalse();
    assertThat(bounded.needsRehash(encoded)).isFalse();
  }

  @Test
  void refusesNonsensicalSettings() {
    assertThatThrownBy(() -> PasswordHashers.bounded(blocking, 0, Duration.ofSeconds(1)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("was 0");
    assertThatThrownBy(() -> PasswordHashers.bounded(blocking, 1, Duration.ofSeconds(-1)))
        .isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> PasswordHashers.bounded(null, 1, Duration.ofSeconds(1)))
        .isInstanceOf(NullPointerException.class);
    // an enormous wait is clamped, not an overflow
    PasswordHasher forever =
        PasswordHashers.bounded(PasswordHashers.argon2idForTestsOnly(8, 1), 1,
            Duration.ofSeconds(Long.MAX_VALUE));
    assertThat(forever.matches(SECRET, forever.hash(SECRET))).isTrue();
  }

  /** Blocks inside hash/matches until released, so a test can hold a permit as long as it likes. */
  private static final class BlockingHasher implements PasswordHasher {
    final CountDownLatch entered;
    final CountDownLatch release = new CountDownLatch(1);

    BlockingHasher() {
      this(1);
    }

    BlockingHasher(int parties) {
      entered = new CountDownLatch(parties);
    }

    @Override
    public String hash(Password password) {
      block();
      return "hash";
    }

    @Override
    public boolean matches(Password password, String encoded) {
      block();
      return "hash".equals(encoded);
    }

    @Override
    public boolean needsRehash(String encoded) {
      return !"hash".equals(encoded);
    }

    private void block() {
      entered.countDown();
      try {
        if (!release.await(10, TimeUnit.SECONDS)) {
          throw new IllegalStateException("test never released the hasher");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
