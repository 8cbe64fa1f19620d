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
import java.util.List;
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
    Instant now = Timestamps.now(clock);
    UserEvent event = make.apply(new EventMeta(ids.next(now), userId, userVersion, now, source));
    tx.events()
        .append(
            new EventStore.OutboxEvent(
                event.meta().id(), userId, event.type().typeName(), EventJson.toJson(event), now),
            subscriptions);
  }
}
