package dev.usersdk.jdbc.internal;

import dev.usersdk.UserSdkException;
import dev.usersdk.jdbc.Dialect;
import dev.usersdk.spi.UserCriteria;
import dev.usersdk.spi.UserStore;
import dev.usersdk.user.AuthProvider;
import dev.usersdk.user.Email;
import dev.usersdk.user.Profile;
import dev.usersdk.user.User;
import dev.usersdk.user.UserChange;
import dev.usersdk.user.UserId;
import dev.usersdk.user.UserStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** {@link UserStore} on {@code usersdk_users}, bound to one transaction. Not API. */
final class JdbcUserStore implements UserStore {
  private final UserDao dao;
  private final TxGuard tx;
  private final String recordDeletionSql;

  JdbcUserStore(UserDao dao, TxGuard tx, Dialect dialect) {
    this.recordDeletionSql =
        Upsert.statement(dialect, "usersdk_user_deletions", "user_id", "version", "deleted_at");
    this.dao = dao;
    this.tx = tx;
  }

  @Override
  public void insert(User user) {
    tx.checkUsable();
    try {
      dao.insert(UserRow.of(user));
    } catch (JdbiException e) {
      throw duplicateOr(e);
    }
  }

  @Override
  public Optional<User> findById(UserId id) {
    tx.checkUsable();
    return dao.findById(id.value());
  }

  @Override
  public Optional<User> findByIdForUpdate(UserId id) {
    tx.checkUsable();
    return dao.findByIdForUpdate(id.value());
  }

  @Override
  public Optional<User> findByEmail(Email email) {
    tx.checkUsable();
    return dao.findByEmail(email.value());
  }

  @Override
  public Optional<User> findByExternalSubject(AuthProvider provider, String subject) {
    tx.checkUsable();
    return dao.findByExternalSubject(provider.name(), subject);
  }

  @Override
  public List<User> list(UserCriteria criteria) {
    tx.checkUsable();
    List<String> clauses = new ArrayList<>();
    Map<String, Object> params = new HashMap<>();
    criteria
        .status()
        .ifPresent(
            status -> {
              clauses.add("status = :status");
              params.put("status", status.name());
            });
    criteria
        .emailPrefix()
        .ifPresent(
            prefix -> {
              clauses.add("email_lower LIKE :emailPattern ESCAPE '!'");
              params.put("emailPattern", likePrefix(prefix));
            });
    criteria.admin().ifPresent(admin -> clauses.add(adminClause(admin, criteria, params)));
    criteria
        .afterId()
        .ifPresent(
            after -> {
              clauses.add("id > :afterId");
              params.put("afterId", after.value());
            });
    String where = clauses.isEmpty() ? "" : "WHERE " + String.join(" AND ", clauses);
    return dao.list(where, params, criteria.limit());
  }

  @Override
  public boolean update(User user, long expectedVersion) {
    tx.checkUsable();
    try {
      return dao.update(UserRow.of(user), expectedVersion) == 1;
    } catch (JdbiException e) {
      throw duplicateOr(e);
    }
  }

  @Override
  public boolean delete(UserId id) {
    tx.checkUsable();
    return dao.delete(id.value()) == 1;
  }

  @Override
  public void recordDeletion(UserId id, long version, Instant deletedAt) {
    tx.checkUsable();
    dao.recordDeletion(recordDeletionSql, id.value(), version, deletedAt);
  }

  /**
   * Users and deletions each read in feed order up to the limit, then merged: the first {@code
   * limit} of the merge are the feed's next page.
   */
  @Override
  public List<UserChange> changes(Instant afterTime, UserId afterId, Instant until, int limit) {
    tx.checkUsable();
    List<UserChange> changes = new ArrayList<>();
    dao.changedAfter(afterTime, afterId.value(), until, limit)
        .forEach(u -> changes.add(UserChange.of(u)));
    changes.addAll(dao.deletedAfter(afterTime, afterId.value(), until, limit));
    changes.sort(Comparator.comparing(UserChange::changedAt).thenComparing(UserChange::userId));
    return changes.size() > limit ? List.copyOf(changes.subList(0, limit)) : changes;
  }

  /** Effective admin: the stored flag or one of the configured ids, each bound as a parameter. */
  private static String adminClause(
      boolean admin, UserCriteria criteria, Map<String, Object> params) {
    if (criteria.adminIds().isEmpty()) {
      return admin ? "is_admin = TRUE" : "is_admin = FALSE";
    }
    List<String> names = new ArrayList<>();
    int i = 0;
    for (UserId id : criteria.adminIds()) {
      String name = "adminId" + i++;
      names.add(":" + name);
      params.put(name, id.value());
    }
    String ids = String.join(", ", names);
    return admin
        ? "(is_admin = TRUE OR id IN (" + ids + "))"
        : "(is_admin = FALSE AND id NOT IN (" + ids + "))";
  }

  /**
   * A LIKE pattern matching {@code prefix} literally: {@code %}, {@code _} and {@code !} escaped.
   */
  private static String likePrefix(String prefix) {
    return prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
  }

  private static RuntimeException duplicateOr(JdbiException e) {
    Optional<UserSdkException> duplicate = SqlErrors.duplicate(e);
    return duplicate.isPresent() ? duplicate.get() : e;
  }

  /** Maps a {@code usersdk_users} row. */
  static final class Mapper implements RowMapper<User> {
    private final SqlTypes types;

    Mapper(SqlTypes types) {
      this.types = types;
    }

    @Override
    public User map(ResultSet rs, StatementContext ctx) throws SQLException {
      return read(rs, types, "id").externalSubject(rs.getString("external_subject")).build();
    }

    /**
     * A user's columns as named in {@code usersdk_users} (and in the mirror's table, whose key is
     * {@code idColumn} and which has no external subject), as a builder to finish.
     */
    static User.Builder read(ResultSet rs, SqlTypes types, String idColumn) throws SQLException {
      String email = rs.getString("email");
      UUID approvedBy = types.readUuid(rs, "approved_by");
      return User.builder(new UserId(types.readUuid(rs, idColumn)))
          .email(email == null ? null : Email.of(email))
          .status(UserStatus.valueOf(rs.getString("status")))
          .admin(rs.getBoolean("is_admin"))
          .profile(
              new Profile(
                  rs.getString("name"),
                  rs.getString("company"),
                  rs.getString("phone"),
                  rs.getString("telegram"),
                  rs.getString("picture_url")))
          .authProvider(AuthProvider.of(rs.getString("auth_provider")))
          .emailVerified(rs.getBoolean("email_verified"))
          .createdAt(types.readInstant(rs, "created_at"))
          .updatedAt(types.readInstant(rs, "updated_at"))
          .approvedAt(types.readInstant(rs, "approved_at"))
          .approvedBy(approvedBy == null ? null : new UserId(approvedBy))
          .passwordChangedAt(types.readInstant(rs, "password_changed_at"))
          .lastLoginAt(types.readInstant(rs, "last_login_at"))
          .version(rs.getLong("version"));
    }
  }
}
