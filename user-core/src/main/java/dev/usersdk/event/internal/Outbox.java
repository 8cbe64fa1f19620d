package dev.usersdk.event.internal;

import dev.usersdk.event.EventJson;
import dev.usersdk.event.EventMeta;
import dev.usersdk.event.UserEvent;
import dev.usersdk.internal.Timestamps;
import dev.usersdk.internal.UuidV7;
import dev.usersdk.spi.EventStore;
import dev.usersdk.spi.StoreTransaction;
import dev.usersdk.user.UserId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/** Writes events into the outbox of the transaction that makes the change, one row per event. */
public final class Outbox {
  private final List<String> subscriptions;
  private final String source;
  private final Clock clock;
  private final UuidV7 ids;

  public Outbox(List<String> subscriptions, String source, Clock clock, UuidV7 ids) {
    this.subscriptions = List.copyOf(subscriptions);
    this.source = source;
    this.clock = clock;
    this.ids = ids;
  }

  /** Records the event {@code make} builds from this change's envelope. */
  void record(
      StoreTransaction tx, UserId userId, long userVersion, Function<EventMeta, UserEvent> make) {
    tx.events().append(build(userId, userVersion, make, Timestamps.now(clock)), subscriptions);
  }

  /**
   * Records one event for each of {@code sources}, in their order, with one write: {@code make}
   * builds a source's event from its envelope. The user's version is 0 (the changes do not change
   * the user, as ledger entries).
   */
  <T> void recordAll(
      StoreTransaction tx,
      UserId userId,
      List<T> sources,
      BiFunction<T, EventMeta, UserEvent> make) {
    Instant now = Timestamps.now(clock);
    List<EventStore.OutboxEvent> events = new ArrayList<>(sources.size());
    for (T source : sources) {
      events.add(build(userId, 0, meta -> make.apply(source, meta), now));
    }
    tx.events().appendAll(events, subscriptions);
  }

  private EventStore.OutboxEvent build(
      UserId userId, long userVersion, Function<EventMeta, UserEvent> make, Instant now) {
    UserEvent event = make.apply(new EventMeta(ids.next(now), userId, userVersion, now, source));
    return new EventStore.OutboxEvent(
        event.meta().id(), userId, event.type().typeName(), EventJson.toJson(event), now);
  }
}
