package dev.usersdk.spi;

import dev.usersdk.health.HealthStatus;
import dev.usersdk.health.PoolUsage;
import dev.usersdk.health.StoreHealth;
import dev.usersdk.internal.Problems;
import dev.usersdk.observe.Observer;
import dev.usersdk.user.UserId;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * The storage behind a {@link dev.usersdk.UserClient}: the JDBC stores, the in-memory stores of the
 * testkit, or a third party's. Implementations must pass the contract suites in {@code
 * dev.usersdk.testkit.contract}.
 *
 * <p>All access goes through {@link #inTransaction}: whatever the work writes becomes visible
 * together, or not at all.
 */
public interface Stores extends AutoCloseable {

  /**
   * Runs {@code work} in one transaction and returns its result.
   *
   * <ul>
   *   <li>If {@code work} throws, everything it wrote is rolled back and the exception propagates
   *       unchanged.
   *   <li>A store may run {@code work} more than once (after a deadlock or a serialization
   *       failure), so it must have no effects outside the transaction.
   *   <li>A call made inside {@code work} on the same thread joins the outer transaction.
   *   <li>The {@link StoreTransaction} must not be used after {@code work} returns.
   *   <li>Infrastructure failures surface as {@link dev.usersdk.StoreUnavailableException}.
   * </ul>
   */
  <T> T inTransaction(TransactionWork<T> work);

  /**
   * Runs {@code work} that only reads, with one statement at most, as cheaply as the store can: a
   * database store may run it without opening a transaction (one round trip instead of three or
   * four). Inside a transaction on the same thread it joins that transaction. The default runs it
   * in a transaction.
   */
  default <T> T read(TransactionWork<T> work) {
    return inTransaction(work);
  }

  /**
   * Whether the calling thread is inside {@link #inTransaction} work of these stores, so that a
   * call made now would join that transaction. The ledger then runs a request by itself instead of
   * coalescing it with other callers' requests, which must not share a transaction the host may
   * still roll back. The default, false, is right for stores whose calls never join an outer
   * transaction.
   */
  default boolean inTransactionOnThisThread() {
    return false;
  }

  /**
   * Checks that the store answers, for {@link dev.usersdk.UserClient#health()}: one cheap read,
   * timed. A database store also reports its schema version against the expected one and its pool.
   * Never throws: a failure is a {@link HealthStatus#DOWN} report whose problem names it. The
   * client waits at most {@code timeout} for the answer; a store should give up about then too.
   */
  default StoreHealth health(Duration timeout) {
    long start = System.nanoTime();
    try {
      read(tx -> tx.ledger().account(UserId.of(new UUID(0, 0)))); // nobody's account: one read
      return StoreHealth.up(Duration.ofNanos(System.nanoTime() - start));
    } catch (RuntimeException e) {
      return StoreHealth.down(Duration.ofNanos(System.nanoTime() - start), Problems.of(e));
    }
  }

  /**
   * The connection pool's usage now, for metrics gauges; empty (the default) for stores without a
   * pool. Must be cheap: no I/O.
   */
  default Optional<PoolUsage> poolUsage() {
    return Optional.empty();
  }

  /**
   * Called once by each client built on these stores with the observer it was given, so a store can
   * report its retries ({@link Observer#storeRetried}). The default ignores it. Stores shared by
   * several clients report to the last observer given.
   */
  default void observedBy(Observer observer) {}

  /** Releases what the stores own (a pool they created). Never closes a host's data source. */
  @Override
  default void close() {}
}
