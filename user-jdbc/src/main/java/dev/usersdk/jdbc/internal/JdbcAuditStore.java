package dev.usersdk.jdbc.internal;

import dev.usersdk.audit.AuditAction;
import dev.usersdk.audit.AuditEntry;
import dev.usersdk.spi.AuditStore;
import dev.usersdk.user.UserId;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * {@link AuditStore} on {@code usersdk_audit}. The details are kept as a form-encoded string
 * ({@code key=value&...}): a handful of short strings, read back as they were written. Not API.
 */
final class JdbcAuditStore implements AuditStore {
  private static final String COLUMNS = "id, occurred_at, actor_id, subject_id, action, details";

  private final Handle handle;
  private final TxGuard tx;
  private final RowMapper<AuditEntry> mapper;

  JdbcAuditStore(Handle handle, SqlTypes types, TxGuard tx) {
    this.handle = handle;
    this.tx = tx;
    this.mapper =
        (rs, ctx) ->
            new AuditEntry(
                types.readUuid(rs, "id"),
                types.readInstant(rs, "occurred_at"),
                Optional.ofNullable(types.readUuid(rs, "actor_id")).map(UserId::new),
                new UserId(types.readUuid(rs, "subject_id")),
                AuditAction.valueOf(rs.getString("action")),
                decode(rs.getString("details")));
  }

  @Override
  public void append(AuditEntry entry) {
    tx.checkUsable();
    handle
        .createUpdate(
            "INSERT INTO usersdk_audit ("
                + COLUMNS
                + ") VALUES (:id, :at, :actor, :subject, :action, :details)")
        .bindByType("id", entry.id(), UUID.class)
        .bind("at", entry.at())
        .bindByType("actor", entry.actor().map(UserId::value).orElse(null), UUID.class)
        .bindByType("subject", entry.subject().value(), UUID.class)
        .bind("action", entry.action().name())
        .bind("details", encode(entry.details()))
        .execute();
  }

  @Override
  public List<AuditEntry> ofSubject(UserId subject, Optional<UUID> before, int limit) {
    return newestFirst("subject_id", subject, before, limit);
  }

  @Override
  public List<AuditEntry> byActor(UserId actor, Optional<UUID> before, int limit) {
    return newestFirst("actor_id", actor, before, limit);
  }

  private List<AuditEntry> newestFirst(
      String column, UserId user, Optional<UUID> before, int limit) {
    tx.checkUsable();
    return handle
        .createQuery(
            "SELECT "
                + COLUMNS
                + " FROM usersdk_audit WHERE "
                + column
                + " = :user"
                + (before.isPresent() ? " AND id < :before" : "")
                + " ORDER BY id DESC LIMIT :limit")
        .bindByType("user", user.value(), UUID.class)
        .bindByType("before", before.orElse(null), UUID.class)
        .bind("limit", limit)
        .map(mapper)
        .list();
  }

  /** In key order, so equal details are stored alike. */
  static String encode(Map<String, String> details) {
    StringBuilder encoded = new StringBuilder();
    for (Map.Entry<String, String> detail : new TreeMap<>(details).entrySet()) {
      if (encoded.length() > 0) {
        encoded.append('&');
      }
      encoded
          .append(URLEncoder.encode(detail.getKey(), StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(detail.getValue(), StandardCharsets.UTF_8));
    }
    return encoded.toString();
  }

  static Map<String, String> decode(String encoded) {
    Map<String, String> details = new LinkedHashMap<>();
    if (encoded.isEmpty()) {
      return details;
    }
    for (String pair : encoded.split("&", -1)) {
      int equals = pair.indexOf('=');
      String key = equals < 0 ? pair : pair.substring(0, equals); // a key alone: an empty value
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      details.put(
          URLDecoder.decode(key, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return details;
  }
}
