package dev.usersdk.audit;

import dev.usersdk.user.UserId;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One privileged act: who did what to whom, and when. Ids only, so an entry outlives the users it
 * names.
 *
 * @param id time-ordered (UUIDv7): the trail's order
 * @param at when the act was made (the clock's time in its transaction)
 * @param actor who did it; empty when the host called the variant without an actor
 * @param subject whom it was done to
 * @param action what
 * @param details what else says what happened (e.g. {@code delta}, {@code reason}); never a secret
 */
public record AuditEntry(
    UUID id,
    Instant at,
    Optional<UserId> actor,
    UserId subject,
    AuditAction action,
    Map<String, String> details) {
  public AuditEntry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(action, "action");
    details = Map.copyOf(details);
  }
}
