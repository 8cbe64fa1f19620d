package dev.usersdk.jdbc.internal;

import dev.usersdk.auth.LoginAttempt;
import dev.usersdk.spi.PendingRegistration;
import dev.usersdk.spi.StoredAppPassword;
import dev.usersdk.spi.StoredCredentials;
import dev.usersdk.spi.StoredRefreshToken;
import dev.usersdk.spi.StoredResetToken;
import dev.usersdk.spi.StoredSession;
import dev.usersdk.spi.TokenCheck;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * SQL for the auth tables; the same on every dialect. The inserts-or-replaces differ per dialect
 * and live in {@link Upsert}. Not API.
 */
public interface AuthDao {
  String CREDENTIALS_COLUMNS =
      "user_id, password_hash, failed_attempts, window_started_at, lockouts, locked_until, updated_at";
  String REFRESH_TOKEN_COLUMNS = "token_hash, session_id, user_id, issued_at, expires_at, used_at";
  String REGISTRATION_COLUMNS =
      "email, code_hash, password_hash, name, attempts, sent_at, expires_at";
  String RESET_TOKEN_COLUMNS = "token_hash, user_id, created_at, expires_at";
  String ATTEMPT_COLUMNS = "id, user_id, outcome, attempted_at, client_address, user_agent";
  String APP_PASSWORD_COLUMNS = "id, password_hash, version, updated_at";

  // -- credentials

  @SqlQuery("SELECT " + CREDENTIALS_COLUMNS + " FROM usersdk_credentials WHERE user_id = :user")
  Optional<StoredCredentials> credentials(@Bind("user") UUID user);

  @SqlQuery(
      "SELECT "
          + CREDENTIALS_COLUMNS
          + " FROM usersdk_credentials WHERE user_id = :user FOR UPDATE")
  Optional<StoredCredentials> credentialsForUpdate(@Bind("user") UUID user);

  // -- sessions and tokens

  @SqlUpdate(
      "INSERT INTO usersdk_sessions (id, user_id, created_at, revoked_at, last_used_at, "
          + "client_address, user_agent, second_factor_at) VALUES (:id, :user, :createdAt,"
          + " :revokedAt, :lastUsedAt, :clientAddress, :userAgent, :secondFactorAt)")
  void insertSession(
      @Bind("id") UUID id,
      @Bind("user") UUID user,
      @Bind("createdAt") Instant createdAt,
      @Bind("revokedAt") Instant revokedAt,
      @Bind("lastUsedAt") Instant lastUsedAt,
      @Bind("clientAddress") String clientAddress,
      @Bind("userAgent") String userAgent,
      @Bind("secondFactorAt") Instant secondFactorAt);

  String SESSION_COLUMNS =
      "id, user_id, created_at, revoked_at, last_used_at, client_address, user_agent,"
          + " second_factor_at";

  @SqlQuery("SELECT " + SESSION_COLUMNS + " FROM usersdk_sessions WHERE id = :id")
  Optional<StoredSession> session(@Bind("id") UUID id);

  @SqlQuery(
      "SELECT "
          + SESSION_COLUMNS
          + " FROM usersdk_sessions WHERE user_id = :user AND revoked_at IS NULL "
          + "ORDER BY last_used_at DESC, id DESC")
  List<StoredSession> activeSessionsOf(@Bind("user") UUID user);

  @SqlUpdate("UPDATE usersdk_sessions SET last_used_at = :at WHERE id = :id")
  void touchSession(@Bind("id") UUID id, @Bind("at") Instant at);

  @SqlUpdate(
      "UPDATE usersdk_sessions SET revoked_at = :at "
          + "WHERE user_id = :user AND id <> :keep AND revoked_at IS NULL")
  int revokeOtherSessionsOf(
      @Bind("user") UUID user, @Bind("keep") UUID keep, @Bind("at") Instant at);

  @SqlUpdate("UPDATE usersdk_sessions SET revoked_at = :at WHERE id = :id AND revoked_at IS NULL")
  int revokeSession(@Bind("id") UUID id, @Bind("at") Instant at);

  @SqlUpdate(
      "UPDATE usersdk_sessions SET revoked_at = :at "
          + "WHERE id = :id AND user_id = :user AND revoked_at IS NULL")
  int revokeSessionOf(@Bind("user") UUID user, @Bind("id") UUID id, @Bind("at") Instant at);

  @SqlUpdate(
      "UPDATE usersdk_sessions SET revoked_at = :at WHERE user_id = :user AND revoked_at IS NULL")
  int revokeSessionsOf(@Bind("user") UUID user, @Bind("at") Instant at);

  @SqlQuery("SELECT COUNT(*) FROM usersdk_sessions WHERE id = :id AND revoked_at IS NULL")
  int activeSessions(@Bind("id") UUID id);

  @SqlUpdate(
      "INSERT INTO usersdk_refresh_tokens ("
          + REFRESH_TOKEN_COLUMNS
          + ") "
          + "VALUES (:hash, :session, :user, :issuedAt, :expiresAt, :usedAt)")
  void insertRefreshToken(
      @Bind("hash") String hash,
      @Bind("session") UUID session,
      @Bind("user") UUID user,
      @Bind("issuedAt") Instant issuedAt,
      @Bind("expiresAt") Instant expiresAt,
      @Bind("usedAt") Instant usedAt);

  @SqlQuery(
      "SELECT "
          + REFRESH_TOKEN_COLUMNS
          + " FROM usersdk_refresh_tokens WHERE token_hash = :hash FOR UPDATE")
  Optional<StoredRefreshToken> refreshTokenForUpdate(@Bind("hash") String hash);

  // The condition and the write are one statement: of racing refreshes, exactly one matches.
  @SqlUpdate(
      "UPDATE usersdk_refresh_tokens SET used_at = :at WHERE token_hash = :hash AND used_at IS NULL")
  int markRefreshTokenUsed(@Bind("hash") String hash, @Bind("at") Instant at);

  @SqlUpdate("DELETE FROM usersdk_refresh_tokens WHERE session_id = :session AND used_at IS NULL")
  int deleteUnusedRefreshTokensOf(@Bind("session") UUID session);

  /**
   * The user (its columns qualified with {@code u.}, see {@link JdbcAuthStore}), whether the
   * session is the user's and active, and whether the jti was revoked: one round trip per
   * authenticated request.
   */
  @SqlQuery(
      "SELECT <userColumns>, "
          + "CASE WHEN s.id IS NOT NULL AND s.revoked_at IS NULL THEN 1 ELSE 0 END AS session_active, "
          + "CASE WHEN r.jti IS NULL THEN 0 ELSE 1 END AS token_revoked "
          + "FROM usersdk_users u "
          + "LEFT JOIN usersdk_sessions s ON s.id = :session AND s.user_id = u.id "
          + "LEFT JOIN usersdk_revoked_tokens r ON r.jti = :jti "
          + "WHERE u.id = :user")
  Optional<TokenCheck> checkToken(
      @Define("userColumns") String userColumns,
      @Bind("user") UUID user,
      @Bind("session") UUID session,
      @Bind("jti") String jti);

  // -- registrations

  @SqlQuery(
      "SELECT "
          + REGISTRATION_COLUMNS
          + " FROM usersdk_registrations WHERE email = :email FOR UPDATE")
  Optional<PendingRegistration> registrationForUpdate(@Bind("email") String email);

  @SqlUpdate("DELETE FROM usersdk_registrations WHERE email = :email")
  int deleteRegistration(@Bind("email") String email);

  // -- reset tokens

  @SqlUpdate(
      "INSERT INTO usersdk_reset_tokens ("
          + RESET_TOKEN_COLUMNS
          + ") "
          + "VALUES (:hash, :user, :createdAt, :expiresAt)")
  void insertResetToken(
      @Bind("hash") String hash,
      @Bind("user") UUID user,
      @Bind("createdAt") Instant createdAt,
      @Bind("expiresAt") Instant expiresAt);

  @SqlQuery(
      "SELECT "
          + RESET_TOKEN_COLUMNS
          + " FROM usersdk_reset_tokens WHERE token_hash = :hash FOR UPDATE")
  Optional<StoredResetToken> resetTokenForUpdate(@Bind("hash") String hash);

  @SqlQuery(
      "SELECT "
          + RESET_TOKEN_COLUMNS
          + " FROM usersdk_reset_tokens WHERE user_id = :user ORDER BY created_at DESC")
  List<StoredResetToken> resetTokensOf(@Bind("user") UUID user);

  @SqlUpdate("DELETE FROM usersdk_reset_tokens WHERE user_id = :user")
  int deleteResetTokensOf(@Bind("user") UUID user);

  // -- login attempts

  @SqlUpdate(
      "INSERT INTO usersdk_login_attempts ("
          + ATTEMPT_COLUMNS
          + ") "
          + "VALUES (:id, :user, :outcome, :at, :clientAddress, :userAgent)")
  void recordAttempt(
      @Bind("id") UUID id,
      @Bind("user") UUID user,
      @Bind("outcome") String outcome,
      @Bind("at") Instant at,
      @Bind("clientAddress") String clientAddress,
      @Bind("userAgent") String userAgent);

  // Ids are time-ordered (v7), so the id order is the time order, served by the (user_id, id)
  // index.
  @SqlQuery(
      "SELECT "
          + ATTEMPT_COLUMNS
          + " FROM usersdk_login_attempts WHERE user_id = :user "
          + "ORDER BY id DESC LIMIT :limit")
  List<LoginAttempt> attempts(@Bind("user") UUID user, @Bind("limit") int limit);

  // -- app password

  @SqlQuery("SELECT " + APP_PASSWORD_COLUMNS + " FROM usersdk_app_password WHERE id = 1")
  Optional<StoredAppPassword> appPassword();

  @SqlQuery("SELECT " + APP_PASSWORD_COLUMNS + " FROM usersdk_app_password WHERE id = 1 FOR UPDATE")
  Optional<StoredAppPassword> appPasswordForUpdate();

  // -- housekeeping, in the order purgeExpired runs them

  @SqlUpdate("DELETE FROM usersdk_revoked_tokens WHERE expires_at <= :now")
  int purgeRevokedTokens(@Bind("now") Instant now);

  @SqlUpdate("DELETE FROM usersdk_refresh_tokens WHERE expires_at <= :now")
  int purgeRefreshTokens(@Bind("now") Instant now);

  // Runs after purgeRefreshTokens: the sessions whose every token has expired and gone.
  @SqlUpdate(
      "DELETE FROM usersdk_sessions WHERE NOT EXISTS "
          + "(SELECT 1 FROM usersdk_refresh_tokens t WHERE t.session_id = usersdk_sessions.id)")
  int purgeSessionsWithoutTokens();

  @SqlUpdate("DELETE FROM usersdk_reset_tokens WHERE expires_at <= :now")
  int purgeResetTokens(@Bind("now") Instant now);

  @SqlUpdate("DELETE FROM usersdk_registrations WHERE expires_at <= :now")
  int purgeRegistrations(@Bind("now") Instant now);

  @SqlUpdate("DELETE FROM usersdk_login_attempts WHERE attempted_at < :before")
  int purgeAttempts(@Bind("before") Instant before);
}
