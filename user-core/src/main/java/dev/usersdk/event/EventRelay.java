package dev.usersdk.event;

import java.util.List;

/**
 * Delivers the outbox to the subscriptions: {@code client.events()}. Any number of application
 * nodes may run it at once; claims are row-locked with {@code SKIP LOCKED} and leased, so no two
 * relays deliver the same event at the same time, and an event a dead relay had claimed is
 * delivered again after the lease. Delivery is at least once and in order per user.
 *
 * <p>{@link #start()} runs it on a daemon thread of its own; a host with its own scheduler calls
 * {@link #runOnce()} instead.
 */
public interface EventRelay extends AutoCloseable {
  /** Starts the relay's daemon thread (a no-op if running). */
  void start();

  /** Stops the daemon thread, letting the delivery in progress finish. */
  @Override
  void close();

  /**
   * One pass: for each subscription, claims what is due and delivers it, until nothing is due.
   *
   * @return how many deliveries succeeded
   */
  int runOnce();

  /** What {@code subscription} has given up on, oldest first, after {@code afterSequence}. */
  List<DeadLetter> deadLetters(String subscription, long afterSequence, int limit);

  /** Makes every dead delivery of {@code subscription} due again; returns how many. */
  int redrive(String subscription);

  /** Deliveries of {@code subscription} not yet made. */
  long backlog(String subscription);

  /**
   * Deletes deliveries made of events older than the retention (an event goes with its last
   * delivery; dead ones stay for redrive); returns how many deliveries.
   */
  int prune();

  /** The subscriptions this client delivers to. */
  List<String> subscriptions();
}
