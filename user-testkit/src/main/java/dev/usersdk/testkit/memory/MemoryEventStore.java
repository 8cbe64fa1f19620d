package dev.usersdk.testkit.memory;

import dev.usersdk.spi.EventStore;
import dev.usersdk.testkit.memory.EventTables.State;
import dev.usersdk.testkit.memory.EventTables.Status;
import dev.usersdk.user.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/** The outbox in memory; transactions are serialised, so claiming needs no row locks. */
final class MemoryEventStore implements EventStore {
  private final EventTables tables;
  private final MemoryTransaction tx;

  MemoryEventStore(EventTables tables, MemoryTransaction tx) {
    this.tables = tables;
    this.tx = tx;
  }

  @Override
  public void append(OutboxEvent event, Collection<String> subscriptions) {
    tx.checkUsable();
    long sequence = tables.nextSequence++;
    tables.events.put(sequence, event);
    tx.onRollback(() -> tables.events.remove(sequence));
    for (String subscription : subscriptions) {
      NavigableMap<Long, State> states = of(subscription);
      states.put(sequence, new State(Status.PENDING, 0, event.createdAt(), null));
      tx.onRollback(() -> states.remove(sequence));
    }
  }

  @Override
  public List<Delivery> claimDue(String subscription, Instant now, Instant leaseUntil, int limit) {
    tx.checkUsable();
    List<Delivery> claimed = new ArrayList<>();
    Set<UserId> waiting = new HashSet<>(); // users with an older pending delivery
    for (Map.Entry<Long, State> entry : of(subscription).entrySet()) {
      State state = entry.getValue();
      if (state.status() != Status.PENDING) {
        continue;
      }
      OutboxEvent event = tables.events.get(entry.getKey());
      boolean first = waiting.add(event.userId());
      if (first && !state.nextAttemptAt().isAfter(now) && claimed.size() < limit) {
        claimed.add(new Delivery(subscription, entry.getKey(), event, state.attempts()));
        put(
            subscription,
            entry.getKey(),
            new State(Status.PENDING, state.attempts(), leaseUntil, state.error()));
      }
    }
    return claimed;
  }

  @Override
  public void markDelivered(String subscription, long sequence, Instant at) {
    tx.checkUsable();
    State state = of(subscription).get(sequence);
    if (state != null) {
      put(subscription, sequence, new State(Status.DELIVERED, state.attempts() + 1, at, null));
    }
  }

  @Override
  public void markFailed(
      String subscription,
      long sequence,
      int attempts,
      Instant nextAttemptAt,
      String error,
      boolean dead) {
    tx.checkUsable();
    if (of(subscription).containsKey(sequence)) {
      put(
          subscription,
          sequence,
          new State(dead ? Status.DEAD : Status.PENDING, attempts, nextAttemptAt, error));
    }
  }

  @Override
  public List<Delivery> deadLetters(String subscription, long afterSequence, int limit) {
    tx.checkUsable();
    List<Delivery> dead = new ArrayList<>();
    for (Map.Entry<Long, State> entry : of(subscription).tailMap(afterSequence, false).entrySet()) {
      if (entry.getValue().status() == Status.DEAD && dead.size() < limit) {
        dead.add(
            new Delivery(
                subscription,
                entry.getKey(),
                tables.events.get(entry.getKey()),
                entry.getValue().attempts()));
      }
    }
    return dead;
  }

  @Override
  public int redrive(String subscription, Instant now) {
    tx.checkUsable();
    int count = 0;
    for (Map.Entry<Long, State> entry : new ArrayList<>(of(subscription).entrySet())) {
      State state = entry.getValue();
      if (state.status() == Status.DEAD) {
        put(
            subscription,
            entry.getKey(),
            new State(Status.PENDING, state.attempts(), now, state.error()));
        count++;
      }
    }
    return count;
  }

  @Override
  public int prune(Instant before, int limit) {
    tx.checkUsable();
    int pruned = 0;
    for (Map.Entry<Long, OutboxEvent> entry : new ArrayList<>(tables.events.entrySet())) {
      if (pruned >= limit || !entry.getValue().createdAt().isBefore(before)) {
        break;
      }
      long sequence = entry.getKey();
      boolean kept = false; // a delivery not made yet keeps the event
      for (NavigableMap<Long, State> states : tables.deliveries.values()) {
        State state = states.get(sequence);
        if (state != null && state.status() == Status.DELIVERED && pruned < limit) {
          states.remove(sequence);
          tx.onRollback(() -> states.put(sequence, state));
          pruned++;
        } else if (state != null) {
          kept = true;
        }
      }
      if (!kept) {
        OutboxEvent event = tables.events.remove(sequence);
        tx.onRollback(() -> tables.events.put(sequence, event));
      }
    }
    return pruned;
  }

  @Override
  public long backlog(String subscription) {
    tx.checkUsable();
    return of(subscription).values().stream().filter(s -> s.status() == Status.PENDING).count();
  }

  private NavigableMap<Long, State> of(String subscription) {
    return tables.deliveries.computeIfAbsent(subscription, s -> new TreeMap<>());
  }

  private void put(String subscription, long sequence, State state) {
    NavigableMap<Long, State> states = of(subscription);
    State before = states.put(sequence, state);
    tx.onRollback(
        () -> {
          if (before == null) {
            states.remove(sequence);
          } else {
            states.put(sequence, before);
          }
        });
  }
}
