package dev.usersdk.audit.internal;

import dev.usersdk.Page;
import dev.usersdk.ValidationException;
import dev.usersdk.audit.AuditAction;
import dev.usersdk.audit.AuditEntry;
import dev.usersdk.audit.AuditTrail;
import dev.usersdk.internal.Cursors;
import dev.usersdk.internal.UuidV7;
import dev.usersdk.spi.StoreTransaction;
import dev.usersdk.spi.Stores;
import dev.usersdk.user.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/** Records privileged acts in the caller's transaction and reads them back ({@link AuditTrail}). */
public final class Audits implements AuditTrail {
  private final Stores stores;
  private final UuidV7 ids;

  public Audits(Stores stores, UuidV7 ids) {
    this.stores = Objects.requireNonNull(stores, "stores");
    this.ids = Objects.requireNonNull(ids, "ids");
  }

  /** Appends one entry in {@code tx}: it commits or rolls back with the act it records. */
  public void record(
      StoreTransaction tx,
      @Nullable UserId actor,
      UserId subject,
      AuditAction action,
      Map<String, String> details,
      Instant now) {
    tx.audit()
        .append(
            new AuditEntry(
                ids.next(now), now, Optional.ofNullable(actor), subject, action, details));
  }

  @Override
  public Page<AuditEntry> ofSubject(UserId subject, int limit, @Nullable String cursor) {
    Objects.requireNonNull(subject, "subject");
    return page(limit, cursor, (tx, before) -> tx.audit().ofSubject(subject, before, limit + 1));
  }

  @Override
  public Page<AuditEntry> byActor(UserId actor, int limit, @Nullable String cursor) {
    Objects.requireNonNull(actor, "actor");
    return page(limit, cursor, (tx, before) -> tx.audit().byActor(actor, before, limit + 1));
  }

  private Page<AuditEntry> page(
      int limit,
      @Nullable String cursor,
      BiFunction<StoreTransaction, Optional<UUID>, List<AuditEntry>> read) {
    if (limit < 1 || limit > 500) {
      throw new ValidationException("limit", "limit must be between 1 and 500, was " + limit);
    }
    Optional<UUID> before = Optional.ofNullable(cursor).map(Cursors::decode);
    List<AuditEntry> found = stores.read(tx -> read.apply(tx, before));
    if (found.size() <= limit) {
      return new Page<>(found, Optional.empty());
    }
    List<AuditEntry> page = found.subList(0, limit);
    return new Page<>(page, Optional.of(Cursors.encode(page.get(limit - 1).id())));
  }
}
