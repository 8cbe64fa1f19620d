package dev.usersdk.spi;

import dev.usersdk.audit.AuditEntry;
import dev.usersdk.user.UserId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The audit trail's storage: append-only, kept when the users it names are deleted (no reference to
 * the user rows).
 */
public interface AuditStore {
  void append(AuditEntry entry);

  /** Entries of {@code subject} with ids below {@code before} (all when empty), newest first. */
  List<AuditEntry> ofSubject(UserId subject, Optional<UUID> before, int limit);

  /** Entries by {@code actor} with ids below {@code before} (all when empty), newest first. */
  List<AuditEntry> byActor(UserId actor, Optional<UUID> before, int limit);
}
