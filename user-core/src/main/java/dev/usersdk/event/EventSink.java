package dev.usersdk.event;

/**
 * Where a subscription's events go: a webhook endpoint, a Kafka topic, an in-process listener. The
 * relay calls {@link #deliver} after the change committed, at least once per event and in order per
 * user; a sink that returns has delivered, one that throws has failed this attempt (the relay tries
 * again on its schedule). Receivers deduplicate by {@link DeliveredEvent#id()}.
 */
@FunctionalInterface
public interface EventSink {
  void deliver(DeliveredEvent event) throws Exception;
}
