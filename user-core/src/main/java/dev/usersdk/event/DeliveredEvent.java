package dev.usersdk.event;

import dev.usersdk.user.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An event as a sink receives it: its envelope and its serialized form ({@link EventJson}). {@code
 * attempt} counts from 1; above 1 the receiver may have seen it before.
 */
public record DeliveredEvent(
    UUID id, String type, UserId userId, Instant createdAt, String json, int attempt) {
  public DeliveredEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(json, "json");
  }
}
