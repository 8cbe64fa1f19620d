package dev.usersdk.event.internal;

import dev.usersdk.UserSdkException;
import dev.usersdk.ValidationException;
import dev.usersdk.event.DeadLetter;
import dev.usersdk.event.DeliveredEvent;
import dev.usersdk.event.EventRelay;
import dev.usersdk.event.RelayConfig;
import dev.usersdk.event.Subscription;
import dev.usersdk.internal.Timestamps;
import dev.usersdk.observe.Observer;
import dev.usersdk.spi.EventStore.Delivery;
import dev.usersdk.spi.Stores;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox relay: claims due deliveries per subscription (at most one per user per claim, so a
 * user's events go out in order), hands them to the sink, and marks the batch in one transaction. A
 * failure reschedules the delivery on the retry schedule, or makes it dead past its end.
 */
public final class Relay implements EventRelay {
  private static final Logger log = LoggerFactory.getLogger(Relay.class);
  private static final int MAX_ERROR_LENGTH = 500;

  /**
   * Failures without a success, at least, after which a batch's sink counts as down: more than one,
   * so that one event the endpoint refuses does not hold up the users after it.
   */
  private static final int FAILURES_MEANING_DOWN = 4;

  private final Stores stores;
  private final Clock clock;
  private final RelayConfig config;
  private final Map<String, Subscription> subscriptions;
  private final Object lifecycle = new Object();
  private Thread thread;
  private ExecutorService workers;
  private volatile boolean running;

  private final Observer observer;

  public Relay(
      Stores stores,
      Clock clock,
      RelayConfig config,
      List<Subscription> subscriptions,
      Observer observer) {
    this.stores = stores;
    this.observer = observer;
    this.clock = clock;
    this.config = config;
    this.subscriptions =
        subscriptions.stream()
            .collect(Collectors.toUnmodifiableMap(Subscription::name, Function.identity()));
  }

  @Override
  public List<String> subscriptions() {
    return subscriptions.keySet().stream().sorted().toList();
  }

  @Override
  public void start() {
    synchronized (lifecycle) {
      if (running) {
        return;
      }
      running = true;
      thread = new Thread(this::loop, "usersdk-relay");
      thread.setDaemon(true);
      thread.start();
    }
  }

  @Override
  public void close() {
    Thread stopping;
    synchronized (lifecycle) {
      running = false;
      stopping = thread;
      thread = null;
      if (workers != null) {
        workers.shutdown();
        workers = null;
      }
    }
    if (stopping != null) {
      stopping.interrupt();
      try {
        stopping.join(Duration.ofSeconds(30).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void loop() {
    while (running) {
      int delivered = 0;
      try {
        delivered = runOnce();
      } catch (UserSdkException e) {
        log.warn("relay pass failed ({}); trying again", e.code());
      } catch (RuntimeException e) {
        log.error("relay pass failed; trying again", e);
      }
      if (delivered == 0) {
        try {
          Thread.sleep(config.pollInterval().toMillis());
        } catch (InterruptedException e) {
          return; // closing
        }
      }
    }
  }

  @Override
  public int runOnce() {
    int delivered = 0;
    for (Subscription subscription : subscriptions.values()) {
      delivered += drain(subscription);
    }
    return delivered;
  }

  /** Claims and delivers batches of one subscription until none is due. */
  private int drain(Subscription subscription) {
    int delivered = 0;
    while (true) {
      Instant now = Timestamps.now(clock);
      List<Delivery> batch =
          stores.inTransaction(
              tx ->
                  tx.events()
                      .claimDue(
                          subscription.name(), now, now.plus(config.lease()), config.batchSize()));
      if (batch.isEmpty()) {
        return delivered;
      }
      List<Delivery> done = new ArrayList<>(batch.size());
      List<Failure> failed = new ArrayList<>();
      // Half the lease, on the clock the lease was taken on.
      Instant cutOff = now.plus(config.lease().dividedBy(2));
      deliverAll(subscription, batch, cutOff, done, failed);
      // Marked together, after sending: a relay that dies in between sends again (at least once).
      Instant at = Timestamps.now(clock);
      stores.inTransaction(
          tx -> {
            tx.events()
                .markDelivered(
                    subscription.name(), done.stream().map(Delivery::sequence).toList(), at);
            for (Failure failure : failed) {
              int attempts = failure.delivery().attempts() + 1;
              boolean dead = attempts > config.retrySchedule().size();
              Instant next = dead ? at : at.plus(config.retrySchedule().get(attempts - 1));
              tx.events()
                  .markFailed(
                      subscription.name(),
                      failure.delivery().sequence(),
                      attempts,
                      next,
                      failure.error(),
                      dead);
            }
            return null;
          });
      delivered += done.size();
      if (!failed.isEmpty()) {
        log.debug(
            "relay: {} of {} deliveries to {} failed", failed.size(), batch.size(), subscription);
      }
      if (done.isEmpty()) {
        return delivered; // everything due failed: wait for the schedule, not a busy loop
      }
    }
  }

  private record Failure(Delivery delivery, String error) {}

  /**
   * Hands a batch to the sink, {@link RelayConfig#concurrency()} at a time: a batch holds at most
   * one delivery per user, so delivering it in parallel keeps every user's order, and a slow or
   * failing endpoint costs one timeout per wave instead of one per event.
   *
   * <p>A batch is cut short, its remaining deliveries left unsent and leased (due again when the
   * lease ends, their attempts not counted), when the sink looks down — as many failures as run at
   * once (at least four) and no success — or when half the lease has passed: sending after the
   * lease ended would race another relay that claimed the same rows. Without the cut, 200
   * deliveries to an endpoint that hangs for its 15 s timeout would take 25 waves, over six
   * minutes, on a 60 s lease.
   */
  private void deliverAll(
      Subscription subscription,
      List<Delivery> batch,
      Instant cutOff,
      List<Delivery> done,
      List<Failure> failed) {
    Batch state = new Batch(clock, cutOff, Math.max(config.concurrency(), FAILURES_MEANING_DOWN));
    if (config.concurrency() == 1 || batch.size() == 1) {
      for (Delivery delivery : batch) {
        deliverOne(subscription, delivery, state, done, failed);
      }
      return;
    }
    List<Future<?>> running = new ArrayList<>(batch.size());
    for (Delivery delivery : batch) {
      running.add(workers().submit(() -> deliverOne(subscription, delivery, state, done, failed)));
    }
    for (Future<?> future : running) {
      try {
        future.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        running.forEach(f -> f.cancel(true));
        throw new IllegalStateException("the relay was interrupted while delivering", e);
      } catch (ExecutionException e) {
        // deliverOne catches what the sink throws; an Error (a dying relay) ends the pass.
        if (e.getCause() instanceof Error error) {
          throw error;
        }
        throw new IllegalStateException(e.getCause());
      }
    }
  }

  /** Whether the rest of a batch is still worth sending; shared by the batch's workers. */
  private static final class Batch {
    private final Clock clock;
    private final Instant cutOff;
    private final int failuresMeaningDown;
    private int failures;
    private boolean succeeded;

    Batch(Clock clock, Instant cutOff, int failuresMeaningDown) {
      this.clock = clock;
      this.cutOff = cutOff;
      this.failuresMeaningDown = failuresMeaningDown;
    }

    synchronized boolean worthSending() {
      return clock.instant().isBefore(cutOff) && (succeeded || failures < failuresMeaningDown);
    }

    synchronized void record(boolean delivered) {
      if (delivered) {
        succeeded = true;
      } else {
        failures++;
      }
    }
  }

  private void deliverOne(
      Subscription subscription,
      Delivery delivery,
      Batch batch,
      List<Delivery> done,
      List<Failure> failed) {
    if (!batch.worthSending()) {
      return; // neither done nor failed: it stays leased and is claimed again after the lease
    }
    boolean succeeded = false;
    try {
      subscription.sink().deliver(asDelivered(delivery));
      succeeded = true;
      batch.record(true);
      synchronized (done) {
        done.add(delivery);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      batch.record(false);
      synchronized (failed) {
        failed.add(new Failure(delivery, "interrupted"));
      }
    } catch (Exception e) {
      batch.record(false);
      synchronized (failed) {
        failed.add(new Failure(delivery, describe(e)));
      }
    }
    observer.delivered(
        subscription.name(),
        succeeded,
        Duration.between(delivery.event().createdAt(), clock.instant()));
  }

  private ExecutorService workers() {
    synchronized (lifecycle) {
      if (workers == null) {
        AtomicInteger count = new AtomicInteger();
        workers =
            Executors.newFixedThreadPool(
                config.concurrency(),
                task -> {
                  Thread thread = new Thread(task, "usersdk-relay-" + count.incrementAndGet());
                  thread.setDaemon(true);
                  return thread;
                });
      }
      return workers;
    }
  }

  private static DeliveredEvent asDelivered(Delivery delivery) {
    return new DeliveredEvent(
        delivery.event().id(),
        delivery.event().type(),
        delivery.event().userId(),
        delivery.event().createdAt(),
        delivery.event().payload(),
        delivery.attempts() + 1);
  }

  private static String describe(Exception e) {
    String text =
        e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    return text.length() > MAX_ERROR_LENGTH ? text.substring(0, MAX_ERROR_LENGTH) : text;
  }

  @Override
  public List<DeadLetter> deadLetters(String subscription, long afterSequence, int limit) {
    known(subscription);
    if (limit < 1 || limit > 1000) {
      throw new ValidationException("limit", "limit must be between 1 and 1000, was " + limit);
    }
    return stores
        .inTransaction(tx -> tx.events().deadLetters(subscription, afterSequence, limit))
        .stream()
        .map(d -> new DeadLetter(subscription, d.sequence(), asDelivered(d)))
        .toList();
  }

  @Override
  public int redrive(String subscription) {
    known(subscription);
    Instant now = Timestamps.now(clock);
    int redriven = stores.inTransaction(tx -> tx.events().redrive(subscription, now));
    log.info("relay: {} dead deliveries to {} redriven", redriven, subscription);
    return redriven;
  }

  @Override
  public long backlog(String subscription) {
    known(subscription);
    return stores.inTransaction(tx -> tx.events().backlog(subscription));
  }

  @Override
  public int prune() {
    Instant before = Timestamps.now(clock).minus(config.retention());
    int pruned = 0;
    for (int batch; (batch = stores.inTransaction(tx -> tx.events().prune(before, 1000))) > 0; ) {
      pruned += batch;
    }
    return pruned;
  }

  private void known(String subscription) {
    if (!subscriptions.containsKey(subscription)) {
      throw new ValidationException(
          "subscription", "no subscription named '" + subscription + "' on this client");
    }
  }
}
