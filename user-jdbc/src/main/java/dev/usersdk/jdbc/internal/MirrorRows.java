package dev.usersdk.jdbc.internal;

import dev.usersdk.jdbc.Dialect;
import dev.usersdk.mirror.MirrorRow;
import dev.usersdk.mirror.MirrorStore;
import dev.usersdk.mirror.MirrorStore.StoredMirrorRow;
import dev.usersdk.user.Email;
import dev.usersdk.user.Profile;
import dev.usersdk.user.User;
import dev.usersdk.user.UserId;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The mirror's rows on {@code usersdk_mirror_users}, in plain JDBC. An event is applied in one
 * statement that inserts the row or, only if the stored version is older, replaces the owner's
 * columns: atomic against a concurrent event of the same user in each dialect, and unable to write
 * {@code host_fields} of an existing row. Host values are written by a statement that names no
 * other column. Not API.
 */
public final class MirrorRows {
  /** An owner's column, with its H2 type for the typed source row of H2's MERGE. */
  private record Column(String name, String h2Type) {}

  /** The owner's columns, in binding order; {@code version} last (MySQL assigns left to right). */
  private static final List<Column> OWNER =
      List.of(
          new Column("deleted", "BOOLEAN"),
          new Column("email", "VARCHAR(320)"),
          new Column("email_verified", "BOOLEAN"),
          new Column("status", "VARCHAR(16)"),
          new Column("is_admin", "BOOLEAN"),
          new Column("name", "VARCHAR(200)"),
          new Column("company", "VARCHAR(200)"),
          new Column("phone", "VARCHAR(32)"),
          new Column("telegram", "VARCHAR(33)"),
          new Column("picture_url", "VARCHAR(2048)"),
          new Column("auth_provider", "VARCHAR(32)"),
          new Column("created_at", "TIMESTAMP WITH TIME ZONE"),
          new Column("updated_at", "TIMESTAMP WITH TIME ZONE"),
          new Column("approved_at", "TIMESTAMP WITH TIME ZONE"),
          new Column("approved_by", "UUID"),
          new Column("password_changed_at", "TIMESTAMP WITH TIME ZONE"),
          new Column("last_login_at", "TIMESTAMP WITH TIME ZONE"),
          new Column("applied_at", "TIMESTAMP WITH TIME ZONE"),
          new Column("version", "BIGINT"));

  private static final List<String> OWNER_COLUMNS = OWNER.stream().map(Column::name).toList();

  private static final String SELECT =
      "SELECT user_id, host_fields, "
          + String.join(", ", OWNER_COLUMNS)
          + " FROM usersdk_mirror_users WHERE user_id = ? AND deleted = FALSE";

  private final TransactionEngine engine;
  private final String applySql;
  private final String reconcileSql;
  private final String saveStateSql;

  public MirrorRows(TransactionEngine engine, Dialect dialect) {
    this.engine = engine;
    this.applySql = applySql(dialect, "<");
    this.reconcileSql = applySql(dialect, "<=");
    this.saveStateSql =
        switch (dialect) {
          case POSTGRESQL ->
              "INSERT INTO usersdk_mirror_state (name, state_value) VALUES (?, ?)"
                  + " ON CONFLICT (name) DO UPDATE SET state_value = EXCLUDED.state_value";
          case MYSQL, MARIADB ->
              "INSERT INTO usersdk_mirror_state (name, state_value) VALUES (?, ?)"
                  + " ON DUPLICATE KEY UPDATE state_value = VALUES(state_value)";
          case H2 -> "MERGE INTO usersdk_mirror_state (name, state_value) KEY (name) VALUES (?, ?)";
        };
  }

  /**
   * The insert-or-guarded-update of one row: {@code newer} is {@code <} for events (only a newer
   * version replaces the stored one) and {@code <=} for a repair (the same version too).
   */
  private static String applySql(Dialect dialect, String newer) {
    String columns = "user_id, " + String.join(", ", OWNER_COLUMNS) + ", host_fields";
    String values = "?, " + "?, ".repeat(OWNER_COLUMNS.size()) + "?";
    return switch (dialect) {
      case POSTGRESQL ->
          "INSERT INTO usersdk_mirror_users ("
              + columns
              + ") VALUES ("
              + values
              + ") ON CONFLICT (user_id) DO UPDATE SET "
              + OWNER_COLUMNS.stream()
                  .map(c -> c + " = EXCLUDED." + c)
                  .collect(Collectors.joining(", "))
              + " WHERE usersdk_mirror_users.version "
              + newer
              + " EXCLUDED.version";
      // VALUES(column) is deprecated on MySQL 8.0.20+ in favour of a row alias, which MariaDB
      // lacks; it still works on both. Each assignment reads the stored version, so version is
      // assigned last.
      case MYSQL, MARIADB ->
          "INSERT INTO usersdk_mirror_users ("
              + columns
              + ") VALUES ("
              + values
              + ") ON DUPLICATE KEY UPDATE "
              + OWNER_COLUMNS.stream()
                  .map(
                      c ->
                          c
                              + " = IF(version "
                              + newer
                              + " VALUES(version), VALUES("
                              + c
                              + "), "
                              + c
                              + ")")
                  .collect(Collectors.joining(", "));
      case H2 -> {
        StringBuilder source = new StringBuilder("SELECT CAST(? AS UUID) AS user_id");
        for (Column column : OWNER) {
          source
              .append(", CAST(? AS ")
              .append(column.h2Type())
              .append(") AS ")
              .append(column.name());
        }
        source.append(", CAST(? AS VARCHAR(1000000)) AS host_fields");
        yield "MERGE INTO usersdk_mirror_users t USING ("
            + source
            + ") s ON t.user_id = s.user_id WHEN MATCHED AND t.version "
            + newer
            + " s.version THEN UPDATE SET "
            + OWNER_COLUMNS.stream().map(c -> c + " = s." + c).collect(Collectors.joining(", "))
            + " WHEN NOT MATCHED THEN INSERT ("
            + columns
            + ") VALUES (s.user_id, "
            + OWNER_COLUMNS.stream().map(c -> "s." + c).collect(Collectors.joining(", "))
            + ", s.host_fields)";
      }
    };
  }

  public void apply(MirrorRow row) {
    write(applySql, row);
  }

  public void reconcile(MirrorRow row) {
    write(reconcileSql, row);
  }

  /** One statement, idempotent (version-guarded), so auto-committed: one round trip per event. */
  private void write(String sql, MirrorRow row) {
    engine.autoCommitted(
        (connection, types) -> {
          try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, types, row);
            try {
              statement.executeUpdate();
            } catch (SQLException e) {
              // H2's MERGE is not atomic against a concurrent first insert of the same user; the
              // row is there now, so the second run takes the guarded update.
              if (types.dialect() != Dialect.H2 || !"23505".equals(e.getSQLState())) {
                throw e;
              }
              statement.executeUpdate();
            }
          }
          return null;
        });
  }

  private static void bind(PreparedStatement statement, SqlTypes types, MirrorRow row)
      throws SQLException {
    User user = row.user();
    int i = 1;
    types.bindUuid(statement, i++, row.userId().value());
    statement.setBoolean(i++, row.deleted());
    statement.setString(i++, user == null ? null : user.email().map(Email::value).orElse(null));
    bindBoolean(statement, i++, user == null ? null : user.emailVerified());
    statement.setString(i++, user == null ? null : user.status().name());
    bindBoolean(statement, i++, user == null ? null : user.admin());
    Profile profile = user == null ? null : user.profile();
    statement.setString(i++, profile == null ? null : profile.name());
    statement.setString(i++, profile == null ? null : profile.company());
    statement.setString(i++, profile == null ? null : profile.phone());
    statement.setString(i++, profile == null ? null : profile.telegram());
    statement.setString(i++, profile == null ? null : profile.pictureUrl());
    statement.setString(i++, user == null ? null : user.authProvider().name());
    types.bindInstant(statement, i++, user == null ? null : user.createdAt());
    types.bindInstant(statement, i++, user == null ? null : user.updatedAt());
    types.bindInstant(statement, i++, user == null ? null : user.approvedAt().orElse(null));
    types.bindUuid(
        statement, i++, user == null ? null : user.approvedBy().map(UserId::value).orElse(null));
    types.bindInstant(statement, i++, user == null ? null : user.passwordChangedAt().orElse(null));
    types.bindInstant(statement, i++, user == null ? null : user.lastLoginAt().orElse(null));
    types.bindInstant(statement, i++, row.appliedAt());
    statement.setLong(i++, row.version());
    statement.setString(i, row.hostDefaults());
  }

  private static void bindBoolean(PreparedStatement statement, int position, Boolean value)
      throws SQLException {
    if (value == null) {
      statement.setNull(position, Types.BOOLEAN);
    } else {
      statement.setBoolean(position, value);
    }
  }

  public Optional<StoredMirrorRow> find(UserId userId) {
    return engine.readSql(
        (connection, types) -> {
          try (PreparedStatement select = connection.prepareStatement(SELECT)) {
            types.bindUuid(select, 1, userId.value());
            try (ResultSet rs = select.executeQuery()) {
              return rs.next() ? Optional.of(read(rs, types)) : Optional.empty();
            }
          }
        });
  }

  private static StoredMirrorRow read(ResultSet rs, SqlTypes types) throws SQLException {
    User user = JdbcUserStore.Mapper.read(rs, types, "user_id").build();
    Instant appliedAt = types.readInstant(rs, "applied_at");
    String host = rs.getString("host_fields");
    return new StoredMirrorRow(
        new MirrorRow(user.id(), user.version(), user, host, appliedAt), host);
  }

  public Optional<StoredMirrorRow> updateHost(UserId userId, UnaryOperator<String> change) {
    return engine.inSqlTransaction(
        (connection, types) -> {
          StoredMirrorRow stored;
          try (PreparedStatement select = connection.prepareStatement(SELECT + " FOR UPDATE")) {
            types.bindUuid(select, 1, userId.value());
            try (ResultSet rs = select.executeQuery()) {
              if (!rs.next()) {
                return Optional.empty();
              }
              stored = read(rs, types);
            }
          }
          String values = change.apply(stored.hostValues());
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE usersdk_mirror_users SET host_fields = ? WHERE user_id = ?")) {
            update.setString(1, values);
            types.bindUuid(update, 2, userId.value());
            update.executeUpdate();
          }
          return Optional.of(new StoredMirrorRow(stored.row(), values));
        });
  }

  public List<MirrorStore.Entry> live(@Nullable UserId after, int limit) {
    return engine.readSql(
        (connection, types) -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT user_id, version FROM usersdk_mirror_users WHERE deleted = FALSE"
                      + (after == null ? "" : " AND user_id > ?")
                      + " ORDER BY user_id LIMIT ?")) {
            int i = 1;
            if (after != null) {
              types.bindUuid(select, i++, after.value());
            }
            select.setInt(i, limit);
            List<MirrorStore.Entry> entries = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
              while (rs.next()) {
                entries.add(
                    new MirrorStore.Entry(
                        UserId.of(types.readUuid(rs, "user_id")), rs.getLong("version")));
              }
            }
            return entries;
          }
        });
  }

  public Optional<String> state(String name) {
    return engine.readSql(
        (connection, types) -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT state_value FROM usersdk_mirror_state WHERE name = ?")) {
            select.setString(1, name);
            try (ResultSet rs = select.executeQuery()) {
              return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
          }
        });
  }

  public void saveState(String name, String value) {
    engine.inSqlTransaction(
        (connection, types) -> {
          try (PreparedStatement save = connection.prepareStatement(saveStateSql)) {
            save.setString(1, name);
            save.setString(2, value);
            save.executeUpdate();
          }
          return null;
        });
  }

  public long count() {
    return engine.readSql(
        (connection, types) -> {
          try (PreparedStatement count =
                  connection.prepareStatement(
                      "SELECT COUNT(*) FROM usersdk_mirror_users WHERE deleted = FALSE");
              ResultSet rs = count.executeQuery()) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }
}
