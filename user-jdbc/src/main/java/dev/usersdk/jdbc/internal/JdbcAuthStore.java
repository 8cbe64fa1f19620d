package dev.usersdk.jdbc.internal;

import dev.usersdk.auth.LoginAttempt;
import dev.usersdk.auth.LoginContext;
import dev.usersdk.auth.LoginOutcome;
import dev.usersdk.jdbc.Dialect;
import dev.usersdk.spi.AuthStore;
import dev.usersdk.spi.PendingRegistration;
import dev.usersdk.spi.StoredAppPassword;
import dev.usersdk.spi.StoredCredentials;
import dev.usersdk.spi.StoredRefreshToken;
import dev.usersdk.spi.StoredResetToken;
import dev.usersdk.spi.StoredSession;
import dev.usersdk.spi.TokenCheck;
import dev.usersdk.user.Email;
import dev.usersdk.user.User;
import dev.usersdk.user.UserId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jspecify.annotations.Nullable;

/**
 * {@link AuthStore} on the {@code usersdk_credentials}, {@code _sessions}, {@code _refresh_tokens},
 * {@code _revoked_tokens}, {@code _registrations}, {@code _reset_tokens}, {@code _login_attempts}
 * and {@code _app_password} tables. The {@code ForUpdate} reads are {@code SELECT ... FOR UPDATE}:
 * under READ COMMITTED a plain read would let two transactions both read, both change and the later
 * write win.
 *
 * <p>{@link #purgeExpired} deletes a session once none of its refresh tokens is left. Every session
 * gets its first refresh token in the transaction that creates it, so such a session can no longer
 * be refreshed, and the access tokens issued with its last refresh token expired before it did. Not
 * API.
 */
final class JdbcAuthStore implements AuthStore {
  /**
   * The user columns qualified for {@link AuthDao#checkToken}, where sessions also have an {@code
   * id}.
   */
  static final String USER_COLUMNS_OF_U =
      Arrays.stream(UserDao.COLUMNS.split(",\\s*"))
          .map(c -> "u." + c)
          .collect(Collectors.joining(", "));

  private static final Map<Dialect, Upserts> UPSERTS = new EnumMap<>(Dialect.class);

  static {
    for (Dialect dialect : Dialect.values()) {
      UPSERTS.put(
          dialect,
          new Upserts(
              Upsert.statement(
                  dialect,
                  "usersdk_credentials",
                  "user_id",
                  "password_hash",
                  "failed_attempts",
                  "window_started_at",
                  "lockouts",
                  "locked_until",
                  "updated_at"),
              Upsert.statement(
                  dialect,
                  "usersdk_registrations",
                  "email",
                  "code_hash",
                  "password_hash",
                  "name",
                  "attempts",
                  "sent_at",
                  "expires_at"),
              Upsert.statement(dialect, "usersdk_revoked_tokens", "jti", "expires_at"),
              Upsert.statement(
                  dialect,
                  "usersdk_app_password",
                  "id",
                  "password_hash",
                  "version",
                  "updated_at")));
    }
  }

  /** The single-row key of {@code usersdk_app_password}. */
  private static final short APP_PASSWORD_ROW = 1;

  private final AuthDao dao;
  private final Handle handle;
  private final SqlTypes types;
  private final Upserts upserts;
  private final TxGuard tx;

  JdbcAuthStore(AuthDao dao, Handle handle, SqlTypes types, TxGuard tx) {
    this.dao = dao;
    this.handle = handle;
    this.types = types;
    this.upserts = UPSERTS.get(types.dialect());
    this.tx = tx;
  }

  private record Upserts(
      String credentials, String registration, String revokedToken, String appPassword) {}

  // -- credentials -------------------------------------------------------------------------------

  @Override
  public Optional<StoredCredentials> credentials(UserId userId) {
    tx.checkUsable();
    return dao.credentials(userId.value());
  }

  @Override
  public Optional<StoredCredentials> credentialsForUpdate(UserId userId) {
    tx.checkUsable();
    return dao.credentialsForUpdate(userId.value());
  }

  @Override
  public void saveCredentials(StoredCredentials c) {
    tx.checkUsable();
    handle
        .createUpdate(upserts.credentials())
        .bind("user_id", c.userId().value())
        .bind("password_hash", c.passwordHash())
        .bind("failed_attempts", c.failedAttempts())
        .bindByType("window_started_at", c.windowStartedAt().orElse(null), Instant.class)
        .bind("lockouts", c.lockouts())
        .bindByType("locked_until", c.lockedUntil().orElse(null), Instant.class)
        .bind("updated_at", c.updatedAt())
        .execute();
  }

  // -- sessions, refresh and access tokens --------------------------------------------------------

  @Override
  public void insertSession(StoredSession session) {
    tx.checkUsable();
    dao.insertSession(
        session.id(),
        session.userId().value(),
        session.createdAt(),
        session.revokedAt().orElse(null),
        session.lastUsedAt(),
        session.context().clientAddress().orElse(null),
        session.context().userAgent().orElse(null),
        session.secondFactorAt().orElse(null));
  }

  @Override
  public boolean revokeSession(UUID sessionId, Instant at) {
    tx.checkUsable();
    return dao.revokeSession(sessionId, at) == 1;
  }

  @Override
  public Optional<StoredSession> session(UUID sessionId) {
    tx.checkUsable();
    return dao.session(sessionId);
  }

  @Override
  public List<StoredSession> activeSessionsOf(UserId userId) {
    tx.checkUsable();
    return dao.activeSessionsOf(userId.value());
  }

  @Override
  public void touchSession(UUID sessionId, Instant at) {
    tx.checkUsable();
    dao.touchSession(sessionId, at);
  }

  @Override
  public int revokeOtherSessionsOf(UserId userId, UUID keep, Instant at) {
    tx.checkUsable();
    return dao.revokeOtherSessionsOf(userId.value(), keep, at);
  }

  @Override
  public boolean revokeSessionOf(UserId userId, UUID sessionId, Instant at) {
    tx.checkUsable();
    return dao.revokeSessionOf(userId.value(), sessionId, at) == 1;
  }

  @Override
  public int revokeSessionsOf(UserId userId, Instant at) {
    tx.checkUsable();
    // Every matched row changes (NULL to a time), so found and changed rows agree on MySQL.
    return dao.revokeSessionsOf(userId.value(), at);
  }

  @Override
  public void insertRefreshToken(StoredRefreshToken t) {
    tx.checkUsable();
    dao.insertRefreshToken(
        t.tokenHash(),
        t.sessionId(),
        t.userId().value(),
        t.issuedAt(),
        t.expiresAt(),
        t.usedAt().orElse(null));
  }

  @Override
  public Optional<StoredRefreshToken> refreshTokenForUpdate(String tokenHash) {
    tx.checkUsable();
    return dao.refreshTokenForUpdate(tokenHash);
  }

  @Override
  public boolean markRefreshTokenUsed(String tokenHash, Instant at) {
    tx.checkUsable();
    return dao.markRefreshTokenUsed(tokenHash, at) == 1;
  }

  @Override
  public int deleteUnusedRefreshTokensOf(UUID sessionId) {
    tx.checkUsable();
    return dao.deleteUnusedRefreshTokensOf(sessionId);
  }

  @Override
  public boolean isSessionActive(UUID sessionId) {
    tx.checkUsable();
    return dao.activeSessions(sessionId) > 0;
  }

  @Override
  public void revokeToken(String jti, Instant expiresAt) {
    tx.checkUsable();
    handle
        .createUpdate(upserts.revokedToken())
        .bind("jti", jti)
        .bind("expires_at", expiresAt)
        .execute();
  }

  @Override
  public Optional<TokenCheck> checkToken(UserId userId, UUID sessionId, String jti) {
    tx.checkUsable();
    return dao.checkToken(USER_COLUMNS_OF_U, userId.value(), sessionId, jti);
  }

  // -- registrations ------------------------------------------------------------------------------

  @Override
  public Optional<PendingRegistration> registrationForUpdate(Email email) {
    tx.checkUsable();
    return dao.registrationForUpdate(email.value());
  }

  @Override
  public void saveRegistration(PendingRegistration r) {
    tx.checkUsable();
    handle
        .createUpdate(upserts.registration())
        .bind("email", r.email().value())
        .bindByType("code_hash", r.codeHash().orElse(null), String.class)
        .bindByType("password_hash", r.passwordHash().orElse(null), String.class)
        .bindByType("name", r.name().orElse(null), String.class)
        .bind("attempts", r.attempts())
        .bind("sent_at", r.sentAt())
        .bind("expires_at", r.expiresAt())
        .execute();
  }

  @Override
  public boolean deleteRegistration(Email email) {
    tx.checkUsable();
    return dao.deleteRegistration(email.value()) == 1;
  }

  // -- password reset -----------------------------------------------------------------------------

  @Override
  public void insertResetToken(StoredResetToken t) {
    tx.checkUsable();
    dao.insertResetToken(t.tokenHash(), t.userId().value(), t.createdAt(), t.expiresAt());
  }

  @Override
  public Optional<StoredResetToken> resetTokenForUpdate(String tokenHash) {
    tx.checkUsable();
    return dao.resetTokenForUpdate(tokenHash);
  }

  @Override
  public List<StoredResetToken> resetTokensOf(UserId userId) {
    tx.checkUsable();
    return dao.resetTokensOf(userId.value());
  }

  @Override
  public int deleteResetTokensOf(UserId userId) {
    tx.checkUsable();
    return dao.deleteResetTokensOf(userId.value());
  }

  // -- login attempts -----------------------------------------------------------------------------

  @Override
  public void recordAttempt(LoginAttempt a) {
    tx.checkUsable();
    dao.recordAttempt(
        a.id(),
        a.userId().map(UserId::value).orElse(null),
        a.outcome().name(),
        a.at(),
        a.clientAddress().orElse(null),
        a.userAgent().orElse(null));
  }

  @Override
  public List<LoginAttempt> attempts(UserId userId, int limit) {
    tx.checkUsable();
    return dao.attempts(userId.value(), limit);
  }

  @Override
  public List<Instant> attemptTimes(
      @Nullable String clientAddress, LoginOutcome outcome, Instant since, int limit) {
    tx.checkUsable();
    String where = clientAddress == null ? "client_address IS NULL" : "client_address = :address";
    return handle
        .createQuery(
            "SELECT attempted_at FROM usersdk_login_attempts WHERE "
                + where
                + " AND outcome = :outcome AND attempted_at > :since"
                + " ORDER BY attempted_at DESC LIMIT :limit")
        .bind("address", clientAddress)
        .bind("outcome", outcome.name())
        .bind("since", since)
        .bind("limit", limit)
        .map((rs, ctx) -> types.readInstant(rs, "attempted_at"))
        .list();
  }

  // -- shared app password

  @Override
  public Optional<StoredAppPassword> appPassword() {
    tx.checkUsable();
    return dao.appPassword();
  }

  @Override
  public Optional<StoredAppPassword> appPasswordForUpdate() {
    tx.checkUsable();
    return dao.appPasswordForUpdate();
  }

  @Override
  public void saveAppPassword(StoredAppPassword p) {
    tx.checkUsable();
    handle
        .createUpdate(upserts.appPassword())
        .bind("id", APP_PASSWORD_ROW)
        .bind("password_hash", p.passwordHash())
        .bind("version", p.version())
        .bind("updated_at", p.updatedAt())
        .execute();
  }

  // -- housekeeping -------------------------------------------------------------------------------

  @Override
  public int purgeExpired(Instant now, Instant attemptsBefore) {
    tx.checkUsable();
    // Tokens before sessions: a session goes only once its last token has (a cascade would not be
    // counted).
    return dao.purgeRevokedTokens(now)
        + dao.purgeRefreshTokens(now)
        + dao.purgeSessionsWithoutTokens()
        + dao.purgeResetTokens(now)
        + dao.purgeRegistrations(now)
        + dao.purgeAttempts(attemptsBefore);
  }

  // ----- row mappers ----------------------------------------------------------------------------

  /** Registers the mappers of the auth rows. */
  static void registerMappers(Jdbi jdbi, SqlTypes types) {
    jdbi.registerRowMapper(
        StoredCredentials.class,
        (rs, ctx) ->
            new StoredCredentials(
                new UserId(types.readUuid(rs, "user_id")),
                rs.getString("password_hash"),
                rs.getInt("failed_attempts"),
                Optional.ofNullable(types.readInstant(rs, "window_started_at")),
                rs.getInt("lockouts"),
                Optional.ofNullable(types.readInstant(rs, "locked_until")),
                types.readInstant(rs, "updated_at")));
    jdbi.registerRowMapper(
        StoredSession.class,
        (rs, ctx) ->
            new StoredSession(
                types.readUuid(rs, "id"),
                new UserId(types.readUuid(rs, "user_id")),
                types.readInstant(rs, "created_at"),
                Optional.ofNullable(types.readInstant(rs, "revoked_at")),
                types.readInstant(rs, "last_used_at"),
                LoginContext.of(rs.getString("client_address"), rs.getString("user_agent")),
                Optional.ofNullable(types.readInstant(rs, "second_factor_at"))));
    jdbi.registerRowMapper(
        StoredRefreshToken.class,
        (rs, ctx) ->
            new StoredRefreshToken(
                rs.getString("token_hash"),
                types.readUuid(rs, "session_id"),
                new UserId(types.readUuid(rs, "user_id")),
                types.readInstant(rs, "issued_at"),
                types.readInstant(rs, "expires_at"),
                Optional.ofNullable(types.readInstant(rs, "used_at"))));
    jdbi.registerRowMapper(
        PendingRegistration.class,
        (rs, ctx) ->
            new PendingRegistration(
                Email.of(rs.getString("email")),
                Optional.ofNullable(rs.getString("code_hash")),
                Optional.ofNullable(rs.getString("password_hash")),
                Optional.ofNullable(rs.getString("name")),
                rs.getInt("attempts"),
                types.readInstant(rs, "sent_at"),
                types.readInstant(rs, "expires_at")));
    jdbi.registerRowMapper(
        StoredResetToken.class,
        (rs, ctx) ->
            new StoredResetToken(
                rs.getString("token_hash"),
                new UserId(types.readUuid(rs, "user_id")),
                types.readInstant(rs, "created_at"),
                types.readInstant(rs, "expires_at")));
    jdbi.registerRowMapper(
        LoginAttempt.class,
        (rs, ctx) -> {
          UUID user = types.readUuid(rs, "user_id");
          return new LoginAttempt(
              types.readUuid(rs, "id"),
              Optional.ofNullable(user).map(UserId::new),
              LoginOutcome.valueOf(rs.getString("outcome")),
              types.readInstant(rs, "attempted_at"),
              Optional.ofNullable(rs.getString("client_address")),
              Optional.ofNullable(rs.getString("user_agent")));
        });
    jdbi.registerRowMapper(
        StoredAppPassword.class,
        (rs, ctx) ->
            new StoredAppPassword(
                rs.getString("password_hash"),
                rs.getLong("version"),
                types.readInstant(rs, "updated_at")));
    jdbi.registerRowMapper(TokenCheck.class, new TokenCheckMapper(new JdbcUserStore.Mapper(types)));
  }

  /** A user row plus the two flags of {@link AuthDao#checkToken}. */
  private static final class TokenCheckMapper implements RowMapper<TokenCheck> {
    private final RowMapper<User> users;

    TokenCheckMapper(RowMapper<User> users) {
      this.users = users;
    }

    @Override
    public TokenCheck map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new TokenCheck(
          users.map(rs, ctx), rs.getInt("session_active") == 1, rs.getInt("token_revoked") == 1);
    }
  }
}
