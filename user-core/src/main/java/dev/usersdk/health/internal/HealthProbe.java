package dev.usersdk.health.internal;

import dev.usersdk.auth.Authenticator;
import dev.usersdk.health.Health;
import dev.usersdk.health.HealthStatus;
import dev.usersdk.health.KeySetHealth;
import dev.usersdk.health.PoolUsage;
import dev.usersdk.health.RelayHealth;
import dev.usersdk.health.StoreHealth;
import dev.usersdk.internal.Problems;
import dev.usersdk.spi.Stores;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Builds {@link Health} reports. The store is asked on a thread of its own, so that a caller (a
 * readiness probe with a deadline) gets its answer within its timeout even when the store hangs.
 * One question is in flight at a time: callers that come while it is young share it, each waiting
 * until its own deadline; once it is older than a caller's timeout, that caller is answered at once
 * from what is known, and no second question is sent to a store that has not answered the first.
 */
public final class HealthProbe implements AutoCloseable {
  private final Stores stores;
  private final List<Authenticator> authenticators;
  private final List<String> subscriptions;
  private final Clock clock;
  private final Object lock = new Object();
  private @Nullable Question current; // guarded by lock
  private final ExecutorService questions =
      Executors.newCachedThreadPool(
          runnable -> {
            Thread thread = new Thread(runnable, "usersdk-health");
            thread.setDaemon(true);
            return thread;
          });

  /** One round of asking the store: its own check, then the relay's counts. */
  private static final class Question {
    final long startedNanos = System.nanoTime();
    final CompletableFuture<StoreHealth> store = new CompletableFuture<>();
    final CompletableFuture<List<RelayHealth>> relay = new CompletableFuture<>();

    boolean finished() {
      return relay.isDone();
    }

    Duration age() {
      return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
  }

  public HealthProbe(
      Stores stores, List<Authenticator> authenticators, List<String> subscriptions, Clock clock) {
    this.stores = Objects.requireNonNull(stores, "stores");
    this.authenticators = List.copyOf(authenticators);
    this.subscriptions = List.copyOf(subscriptions);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Checks every part; answers within about {@code timeout}. Never throws. */
  public Health check(Duration timeout) {
    Instant checkedAt = clock.instant();
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    List<KeySetHealth> keySets =
        authenticators.stream().map(Authenticator::keySetHealth).flatMap(Optional::stream).toList();
    Question question = question(timeout);
    StoreHealth store;
    List<RelayHealth> relay;
    if (question == null) {
      store = StoreHealth.down(Duration.ZERO, "the client is closed");
      relay = List.of();
    } else {
      // A question older than this caller's timeout has had its chance: answer from what is known.
      deadline = Math.min(deadline, question.startedNanos + timeout.toNanos());
      store = awaitStore(question, deadline, timeout);
      relay =
          store.status() == HealthStatus.DOWN ? List.of() : awaitRelay(question, deadline, timeout);
    }
    HealthStatus status = store.status();
    for (KeySetHealth keySet : keySets) {
      status = status.worst(keySet.status());
    }
    for (RelayHealth subscription : relay) {
      status = status.worst(subscription.status());
    }
    return new Health(status, checkedAt, since(start), store, keySets, relay);
  }

  /**
   * The question in flight, shared, or a new one when the last has finished; null when the client
   * is closed.
   */
  private @Nullable Question question(Duration timeout) {
    synchronized (lock) {
      if (current != null && !current.finished()) {
        return current;
      }
      Question asked = new Question();
      try {
        questions.execute(() -> ask(asked, timeout));
      } catch (RejectedExecutionException e) {
        return null;
      }
      current = asked;
      return asked;
    }
  }

  private void ask(Question question, Duration timeout) {
    try {
      StoreHealth store = stores.health(timeout);
      question.store.complete(store);
      question.relay.complete(
          store.status() == HealthStatus.DOWN
              ? List.of()
              : subscriptions.stream().map(this::relay).toList());
    } catch (Throwable e) { // a store's bug must not leave every later probe waiting on this one
      question.store.complete(StoreHealth.down(question.age(), Problems.of(e)));
      question.relay.complete(List.of());
    }
  }

  private StoreHealth awaitStore(Question question, long deadline, Duration timeout) {
    try {
      return question.store.get(remaining(deadline), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      Optional<PoolUsage> pool = stores.poolUsage();
      if (pool.isPresent() && pool.get().exhausted()) {
        return new StoreHealth(
            HealthStatus.DEGRADED,
            question.age(),
            Optional.empty(),
            Optional.empty(),
            pool,
            Optional.of(
                "every connection of the pool is in use and "
                    + pool.get().waiting()
                    + " caller(s) wait for one; the check waited "
                    + question.age().toMillis()
                    + " ms"));
      }
      return StoreHealth.down(
          question.age(),
          "the store has not answered a health check for "
              + question.age().toMillis()
              + " ms (timeout "
              + timeout.toMillis()
              + " ms)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return StoreHealth.down(question.age(), "interrupted while waiting for the store");
    } catch (ExecutionException e) {
      return StoreHealth.down(question.age(), Problems.of(e.getCause()));
    }
  }

  private List<RelayHealth> awaitRelay(Question question, long deadline, Duration timeout) {
    try {
      return question.relay.get(remaining(deadline), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      String unfinished =
          "the counts have not finished for "
              + question.age().toMillis()
              + " ms (timeout "
              + timeout.toMillis()
              + " ms)";
      return subscriptions.stream()
          .map(s -> new RelayHealth(s, HealthStatus.DEGRADED, 0, 0, Optional.of(unfinished)))
          .toList();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    } catch (ExecutionException e) {
      return List.of();
    }
  }

  private RelayHealth relay(String subscription) {
    try {
      long backlog = stores.read(tx -> tx.events().backlog(subscription));
      long dead = stores.read(tx -> tx.events().deadCount(subscription));
      return new RelayHealth(
          subscription,
          dead > 0 ? HealthStatus.DEGRADED : HealthStatus.UP,
          backlog,
          dead,
          dead > 0
              ? Optional.of(dead + " dead event(s): redrive them once the endpoint is fixed")
              : Optional.empty());
    } catch (RuntimeException e) {
      return new RelayHealth(subscription, HealthStatus.DOWN, 0, 0, Optional.of(Problems.of(e)));
    }
  }

  private static long remaining(long deadline) {
    return Math.max(0, deadline - System.nanoTime());
  }

  private static Duration since(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }

  @Override
  public void close() {
    questions.shutdownNow();
  }
}
