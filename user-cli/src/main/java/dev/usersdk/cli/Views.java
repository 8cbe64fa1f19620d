package dev.usersdk.cli;

import dev.usersdk.audit.AuditEntry;
import dev.usersdk.ledger.LedgerEntry;
import dev.usersdk.user.User;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Records as the fields the CLI prints (the same for text and JSON). */
final class Views {
  private Views() {}

  /** One row of a listing. */
  static Map<String, Object> userRow(User user) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", user.id());
    row.put("email", value(user.email()));
    row.put("status", user.status());
    row.put("admin", user.admin());
    row.put("created_at", user.createdAt());
    return row;
  }

  static Map<String, Object> user(User user) {
    Map<String, Object> fields = userRow(user);
    fields.put("name", user.profile().name());
    fields.put("provider", user.authProvider());
    fields.put("email_verified", user.emailVerified());
    fields.put("approved_at", value(user.approvedAt()));
    fields.put("approved_by", value(user.approvedBy()));
    fields.put("last_login_at", value(user.lastLoginAt()));
    fields.put("version", user.version());
    return fields;
  }

  static Map<String, Object> entry(LedgerEntry entry) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", entry.id());
    row.put("created_at", entry.createdAt());
    row.put("kind", entry.kind());
    row.put("amount", entry.amount());
    row.put("balance_after", entry.balanceAfter());
    row.put("key", value(entry.key()));
    row.put("memo", value(entry.memo()));
    row.put("actor", value(entry.actor()));
    return row;
  }

  static Map<String, Object> audit(AuditEntry entry) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", entry.id());
    row.put("at", entry.at());
    row.put("action", entry.action());
    row.put("actor", value(entry.actor()));
    row.put("subject", entry.subject());
    row.put("details", entry.details());
    return row;
  }

  private static Object value(Optional<?> optional) {
    return optional.orElse(null);
  }
}
