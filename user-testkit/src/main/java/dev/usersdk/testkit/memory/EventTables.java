package dev.usersdk.testkit.memory;

import dev.usersdk.spi.EventStore.OutboxEvent;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** The outbox and its deliveries per subscription. Guarded by the stores' lock. */
final class EventTables {
  enum Status {
    PENDING,
    DELIVERED,
    DEAD
  }

  /** One delivery's state; replaced, never changed in place, so the undo log can restore it. */
  record State(Status status, int attempts, Instant nextAttemptAt, @Nullable String error) {}

  long nextSequence = 1;
  final NavigableMap<Long, OutboxEvent> events = new TreeMap<>();
  final Map<String, NavigableMap<Long, State>> deliveries = new HashMap<>();
}
