package dev.usersdk.micrometer;

import dev.usersdk.UserClient;
import dev.usersdk.health.PoolUsage;
import dev.usersdk.health.RelayHealth;
import dev.usersdk.ledger.BalanceLedger;
import dev.usersdk.ledger.CoalescingStats;
import dev.usersdk.observe.Observer;
import dev.usersdk.observe.Operation;
import dev.usersdk.spi.Stores;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * usersdk's metrics in a Micrometer registry. Give it to the client as its observer, then bind the
 * gauges:
 *
 * <pre>{@code
 * UserSdkMetrics metrics = new UserSdkMetrics(registry);
 * UserClient client = UserClient.builder().stores(stores).observer(metrics).build();
 * metrics.bindTo(client).bindPool(stores);
 * }</pre>
 *
 * <p>Meters (no tag carries a user id, an email or a token):
 *
 * <ul>
 *   <li>Timers tagged {@code outcome} ({@code ok}, {@code replayed}, {@code
 *       second_factor_required}, or the error code, e.g. {@code invalid_credentials}, {@code
 *       insufficient_balance}), one per {@link Operation}: {@code usersdk.auth.login}, {@code
 *       usersdk.auth.authenticate}, {@code usersdk.auth.refresh}, {@code
 *       usersdk.auth.registration.requests}, {@code usersdk.auth.registration.confirmations},
 *       {@code usersdk.auth.password_reset.requests}, {@code usersdk.auth.password_resets}, {@code
 *       usersdk.ledger.deduct}, {@code usersdk.ledger.hold}, {@code usersdk.ledger.capture}, {@code
 *       usersdk.ledger.release}, {@code usersdk.ledger.credit}, {@code usersdk.ledger.refund},
 *       {@code usersdk.ledger.adjust}.
 *   <li>Counters: {@code usersdk.auth.lockouts}; {@code usersdk.store.retries} ({@code cause}:
 *       {@code deadlock}, {@code lock_wait}, {@code serialization}); {@code
 *       usersdk.auth.keyset.fetches} ({@code issuer}, {@code outcome}: {@code ok}, {@code failed});
 *       {@code usersdk.events.deliveries} ({@code subscription}, {@code outcome}).
 *   <li>Timer {@code usersdk.events.lag} ({@code subscription}): from an event's creation to its
 *       delivery attempt.
 *   <li>With {@link #bindTo}: gauge {@code usersdk.events.backlog} ({@code subscription}; read
 *       through {@link UserClient#health(Duration)} with a 1 s timeout, NaN when it does not
 *       answer, so a scrape never hangs on the database); function counters {@code
 *       usersdk.ledger.coalesced.batches}, {@code usersdk.ledger.coalesced.requests} and {@code
 *       usersdk.ledger.coalesced.refused}.
 *   <li>With {@link #bindPool}: gauges {@code usersdk.pool.active}, {@code usersdk.pool.idle},
 *       {@code usersdk.pool.max} and {@code usersdk.pool.waiting}.
 * </ul>
 */
public final class UserSdkMetrics implements Observer {
  private static final Duration BACKLOG_TIMEOUT = Duration.ofSeconds(1);

  private final MeterRegistry registry;
  private final Map<Operation, Map<String, Timer>> timers = new EnumMap<>(Operation.class);
  private final Counter lockouts;
  private final Map<String, Counter> retries = new ConcurrentHashMap<>();
  private final Map<String, Counter> fetches = new ConcurrentHashMap<>();
  private final Map<String, Counter> deliveries = new ConcurrentHashMap<>();
  private final Map<String, Timer> lag = new ConcurrentHashMap<>();

  public UserSdkMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
    for (Operation operation : Operation.values()) {
      timers.put(operation, new ConcurrentHashMap<>());
    }
    this.lockouts =
        Counter.builder("usersdk.auth.lockouts")
            .description("accounts locked after too many failed logins")
            .register(registry);
  }

  @Override
  public void finished(Operation operation, String outcome, long nanos) {
    timers
        .get(operation)
        .computeIfAbsent(
            outcome, o -> Timer.builder(operation.meterName()).tag("outcome", o).register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void lockedOut() {
    lockouts.increment();
  }

  @Override
  public void storeRetried(String cause) {
    retries
        .computeIfAbsent(
            cause,
            c ->
                Counter.builder("usersdk.store.retries")
                    .description("transactions run again after a conflict")
                    .tag("cause", c)
                    .register(registry))
        .increment();
  }

  @Override
  public void keySetFetched(String issuer, boolean succeeded) {
    String outcome = succeeded ? "ok" : "failed";
    fetches
        .computeIfAbsent(
            issuer + ' ' + outcome,
            k ->
                Counter.builder("usersdk.auth.keyset.fetches")
                    .description("fetches of an OIDC issuer's signing keys")
                    .tag("issuer", issuer)
                    .tag("outcome", outcome)
                    .register(registry))
        .increment();
  }

  @Override
  public void delivered(String subscription, boolean succeeded, Duration lag) {
    String outcome = succeeded ? "ok" : "failed";
    deliveries
        .computeIfAbsent(
            subscription + ' ' + outcome,
            k ->
                Counter.builder("usersdk.events.deliveries")
                    .description("event delivery attempts")
                    .tag("subscription", subscription)
                    .tag("outcome", outcome)
                    .register(registry))
        .increment();
    this.lag
        .computeIfAbsent(
            subscription,
            s ->
                Timer.builder("usersdk.events.lag")
                    .description("from an event's creation to its delivery attempt")
                    .tag("subscription", s)
                    .register(registry))
        .record(lag.isNegative() ? Duration.ZERO : lag);
  }

  /**
   * Registers the gauges read from the client: each subscription's backlog (one health check per
   * subscription and scrape: a handful of subscriptions, each a short count) and the ledger's
   * coalescing counts.
   */
  public UserSdkMetrics bindTo(UserClient client) {
    for (String subscription : client.events().subscriptions()) {
      // Through the health check: its counts wait at most a second, so a scrape never hangs on a
      // database that does.
      Gauge.builder("usersdk.events.backlog", client, c -> backlog(c, subscription))
          .description("events waiting for delivery")
          .tag("subscription", subscription)
          .register(registry);
    }
    BalanceLedger ledger = client.ledger();
    coalesced(
        ledger, "batches", "coalesced batches of more than one request", CoalescingStats::batches);
    coalesced(
        ledger,
        "requests",
        "requests that ran in coalesced batches",
        CoalescingStats::batchedDeductions);
    coalesced(
        ledger,
        "refused",
        "requests refused because their account's queue was full",
        CoalescingStats::refused);
    return this;
  }

  private static double backlog(UserClient client, String subscription) {
    return client.health(BACKLOG_TIMEOUT).relay().stream()
        .filter(r -> r.subscription().equals(subscription) && r.problem().isEmpty())
        .mapToDouble(RelayHealth::backlog)
        .findFirst()
        .orElse(Double.NaN);
  }

  private void coalesced(
      BalanceLedger ledger,
      String name,
      String description,
      ToDoubleFunction<CoalescingStats> count) {
    FunctionCounter.builder(
            "usersdk.ledger.coalesced." + name,
            ledger,
            l -> count.applyAsDouble(l.coalescingStats()))
        .description(description)
        .register(registry);
  }

  /** Registers the pool gauges of {@code stores} (none when the stores have no pool). */
  public UserSdkMetrics bindPool(Stores stores) {
    if (stores.poolUsage().isEmpty()) {
      return this;
    }
    pool(stores, "active", "connections lent out", PoolUsage::active);
    pool(stores, "idle", "connections waiting in the pool", PoolUsage::idle);
    pool(stores, "max", "the most connections the pool opens", PoolUsage::max);
    pool(stores, "waiting", "threads waiting for a connection", PoolUsage::waiting);
    return this;
  }

  private void pool(
      Stores stores, String name, String description, ToDoubleFunction<PoolUsage> value) {
    Gauge.builder(
            "usersdk.pool." + name,
            stores,
            s -> s.poolUsage().map(value::applyAsDouble).orElse(Double.NaN))
        .description(description)
        .register(registry);
  }
}
