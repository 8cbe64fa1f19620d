package dev.usersdk.jdbc.internal;

import dev.usersdk.user.User;
import dev.usersdk.user.UserChange;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMap;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** SQL for {@code usersdk_users}; the same on every dialect (the differences are in types). */
public interface UserDao {
  String COLUMNS =
      "id, email, status, is_admin, name, company, phone, telegram, picture_url, auth_provider, "
          + "external_subject, email_verified, created_at, updated_at, approved_at, approved_by, "
          + "password_changed_at, last_login_at, version";

  @SqlUpdate(
      "INSERT INTO usersdk_users ("
          + COLUMNS
          + ") VALUES (:id, :email, :status, :admin, :name, :company, "
          + ":phone, :telegram, :pictureUrl, :authProvider, :externalSubject, :emailVerified, :createdAt, :updatedAt, "
          + ":approvedAt, :approvedBy, :passwordChangedAt, :lastLoginAt, :version)")
  void insert(@BindMethods UserRow row);

  @SqlQuery("SELECT " + COLUMNS + " FROM usersdk_users WHERE id = :id")
  Optional<User> findById(@Bind("id") UUID id);

  @SqlQuery("SELECT " + COLUMNS + " FROM usersdk_users WHERE id = :id FOR UPDATE")
  Optional<User> findByIdForUpdate(@Bind("id") UUID id);

  @SqlQuery("SELECT " + COLUMNS + " FROM usersdk_users WHERE email_lower = LOWER(:email)")
  Optional<User> findByEmail(@Bind("email") String email);

  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM usersdk_users WHERE auth_provider = :provider AND external_subject = :subject"
          // MySQL and MariaDB compare with PAD SPACE ("a" = "a "): the length makes it exact.
          + " AND CHAR_LENGTH(external_subject) = CHAR_LENGTH(:subject)")
  Optional<User> findByExternalSubject(
      @Bind("provider") String provider, @Bind("subject") String subject);

  /**
   * {@code where} is built from fixed fragments only; every value is bound through {@code params}.
   */
  @SqlQuery("SELECT " + COLUMNS + " FROM usersdk_users <where> ORDER BY id LIMIT :limit")
  List<User> list(
      @Define("where") String where, @BindMap Map<String, Object> params, @Bind("limit") int limit);

  @SqlUpdate(
      "UPDATE usersdk_users SET email = :email, status = :status, is_admin = :admin, name = :name, "
          + "company = :company, phone = :phone, telegram = :telegram, picture_url = :pictureUrl, "
          + "auth_provider = :authProvider, external_subject = :externalSubject, email_verified = :emailVerified, "
          + "created_at = :createdAt, updated_at = :updatedAt, approved_at = :approvedAt, approved_by = :approvedBy, "
          + "password_changed_at = :passwordChangedAt, last_login_at = :lastLoginAt, version = :version "
          + "WHERE id = :id AND version = :expectedVersion")
  int update(@BindMethods UserRow row, @Bind("expectedVersion") long expectedVersion);

  @SqlUpdate("DELETE FROM usersdk_users WHERE id = :id")
  int delete(@Bind("id") UUID id);

  /** The feed's users: by (updated_at, id) after the position, up to {@code until}. */
  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM usersdk_users WHERE updated_at <= :until AND (updated_at > :afterTime"
          + " OR (updated_at = :afterTime AND id > :afterId)) ORDER BY updated_at, id LIMIT :limit")
  List<User> changedAfter(
      @Bind("afterTime") Instant afterTime,
      @Bind("afterId") UUID afterId,
      @Bind("until") Instant until,
      @Bind("limit") int limit);

  /**
   * {@code sql} is {@link Upsert#statement} of the deletions table: a re-imported, re-deleted id.
   */
  @SqlUpdate("<sql>")
  void recordDeletion(
      @Define("sql") String sql,
      @Bind("user_id") UUID id,
      @Bind("version") long version,
      @Bind("deleted_at") Instant deletedAt);

  /** The feed's deletions: by (deleted_at, user_id) after the position, up to {@code until}. */
  @SqlQuery(
      "SELECT user_id, version, deleted_at FROM usersdk_user_deletions WHERE deleted_at <= :until"
          + " AND (deleted_at > :afterTime OR (deleted_at = :afterTime AND user_id > :afterId))"
          + " ORDER BY deleted_at, user_id LIMIT :limit")
  List<UserChange> deletedAfter(
      @Bind("afterTime") Instant afterTime,
      @Bind("afterId") UUID afterId,
      @Bind("until") Instant until,
      @Bind("limit") int limit);
}
