package dev.usersdk.event;

import dev.usersdk.user.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What every event carries: its id (a UUIDv7, unique, ordered by time; consumers deduplicate by
 * it), the user it concerns, the user's version after the change (consumers keep the highest they
 * have seen; a ledger entry does not change the user, so it carries the version it was made at),
 * when it happened, and the name of the service that emitted it.
 */
public record EventMeta(UUID id, UserId userId, long userVersion, Instant time, String source) {
  public EventMeta {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(source, "source");
  }
}
