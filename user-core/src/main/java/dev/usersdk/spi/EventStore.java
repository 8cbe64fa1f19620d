package dev.usersdk.spi;

import dev.usersdk.user.UserId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The outbox: events written in the transaction of the change they describe, and their delivery
 * state per subscription. Insert-only for events; deliveries move from pending to delivered or
 * dead.
 */
public interface EventStore {

  /** Appends an event with one pending delivery, due at once, for each subscription. */
  void append(OutboxEvent event, Collection<String> subscriptions);

  /**
   * Appends events in their order, each as {@link #append} would (a coalesced batch of ledger
   * entries records one per entry); stores override it to write them in one statement.
   */
  default void appendAll(List<OutboxEvent> events, Collection<String> subscriptions) {
    for (OutboxEvent event : events) {
      append(event, subscriptions);
    }
  }

  /**
   * Claims up to {@code limit} pending deliveries of {@code subscription} that are due at {@code
   * now}, oldest first, none of whose user has an older pending delivery (per-user order), skipping
   * rows another relay holds locked ({@code FOR UPDATE SKIP LOCKED}); each claimed delivery is
   * leased, not due again before {@code leaseUntil}, so a relay that dies after claiming loses
   * nothing.
   */
  List<Delivery> claimDue(String subscription, Instant now, Instant leaseUntil, int limit);

  /** Marks a delivery done. */
  void markDelivered(String subscription, long sequence, Instant at);

  /** Marks deliveries done; stores override it to do so in one statement. */
  default void markDelivered(String subscription, List<Long> sequences, Instant at) {
    for (long sequence : sequences) {
      markDelivered(subscription, sequence, at);
    }
  }

  /** Records a failed attempt: due again at {@code nextAttemptAt}, or dead when {@code dead}. */
  void markFailed(
      String subscription,
      long sequence,
      int attempts,
      Instant nextAttemptAt,
      String error,
      boolean dead);

  /** Dead deliveries of {@code subscription} after {@code afterSequence}, oldest first. */
  List<Delivery> deadLetters(String subscription, long afterSequence, int limit);

  /** Makes every dead delivery of {@code subscription} pending again, due at {@code now}. */
  int redrive(String subscription, Instant now);

  /**
   * Deletes up to {@code limit} deliveries made (dead ones are kept for redrive) of events created
   * before {@code before}; an event goes with its last delivery. Returns how many deliveries.
   */
  int prune(Instant before, int limit);

  /** Pending deliveries of {@code subscription}: the relay's backlog. */
  long backlog(String subscription);

  /**
   * How many of the subscription's deliveries are dead (gave up). The default counts {@link
   * #deadLetters} page by page; a database store counts in one query.
   */
  default long deadCount(String subscription) {
    long count = 0;
    long after = 0;
    while (true) {
      List<Delivery> page = deadLetters(subscription, after, 500);
      count += page.size();
      if (page.size() < 500) {
        return count;
      }
      after = page.get(page.size() - 1).sequence();
    }
  }

  /** An event as the outbox keeps it: its serialized form and what a relay orders and routes by. */
  record OutboxEvent(UUID id, UserId userId, String type, String payload, Instant createdAt) {
    public OutboxEvent {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(userId, "userId");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(payload, "payload");
      Objects.requireNonNull(createdAt, "createdAt");
    }
  }

  /**
   * One event's delivery to one subscription: {@code sequence} is the outbox position (the order of
   * commit within a user), {@code attempts} how many were made before this one.
   */
  record Delivery(String subscription, long sequence, OutboxEvent event, int attempts) {
    public Delivery {
      Objects.requireNonNull(subscription, "subscription");
      Objects.requireNonNull(event, "event");
    }
  }
}
