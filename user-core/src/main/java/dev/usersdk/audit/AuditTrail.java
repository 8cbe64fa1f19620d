package dev.usersdk.audit;

import dev.usersdk.Page;
import dev.usersdk.user.UserId;
import org.jspecify.annotations.Nullable;

/**
 * The append-only record of privileged acts ({@link AuditAction}): each written in the same
 * transaction as the act, only when the act changed something. Read newest first, per user acted on
 * or per actor, a page at a time.
 */
public interface AuditTrail {
  /**
   * What was done to {@code subject}, newest first.
   *
   * @param limit 1 to 500
   * @param cursor from the previous page's {@link Page#nextCursor()}, or null for the first page
   */
  Page<AuditEntry> ofSubject(UserId subject, int limit, @Nullable String cursor);

  /** What {@code actor} did, newest first; as {@link #ofSubject}. */
  Page<AuditEntry> byActor(UserId actor, int limit, @Nullable String cursor);
}
