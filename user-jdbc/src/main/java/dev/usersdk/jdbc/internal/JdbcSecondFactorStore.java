package dev.usersdk.jdbc.internal;

import dev.usersdk.spi.SecondFactorStore;
import dev.usersdk.spi.StoredChallenge;
import dev.usersdk.spi.StoredTotp;
import dev.usersdk.user.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * {@link SecondFactorStore} on {@code usersdk_totp}, {@code usersdk_recovery_codes} and {@code
 * usersdk_mfa_challenges} (and the {@code second_factor_at} of {@code usersdk_sessions}). The
 * {@code ForUpdate} reads are {@code SELECT ... FOR UPDATE}; a recovery code is used by a
 * conditional update, so of two racing uses one changes the row. Not API.
 */
final class JdbcSecondFactorStore implements SecondFactorStore {
  private static final String TOTP_COLUMNS =
      "user_id, sealed_secret, created_at, confirmed_at, last_used_step, failures, blocked_until,"
          + " updated_at";
  private static final String CHALLENGE_COLUMNS = "token_hash, user_id, created_at, expires_at";

  private final Handle handle;
  private final String saveTotp;
  private final TxGuard tx;
  private final RowMapper<StoredTotp> totpMapper;
  private final RowMapper<StoredChallenge> challengeMapper;

  JdbcSecondFactorStore(Handle handle, SqlTypes types, TxGuard tx) {
    this.handle = handle;
    this.tx = tx;
    this.saveTotp =
        Upsert.statement(
            types.dialect(),
            "usersdk_totp",
            "user_id",
            "sealed_secret",
            "created_at",
            "confirmed_at",
            "last_used_step",
            "failures",
            "blocked_until",
            "updated_at");
    this.totpMapper =
        (rs, ctx) ->
            new StoredTotp(
                new UserId(types.readUuid(rs, "user_id")),
                rs.getString("sealed_secret"),
                types.readInstant(rs, "created_at"),
                Optional.ofNullable(types.readInstant(rs, "confirmed_at")),
                rs.getLong("last_used_step"),
                rs.getInt("failures"),
                Optional.ofNullable(types.readInstant(rs, "blocked_until")),
                types.readInstant(rs, "updated_at"));
    this.challengeMapper =
        (rs, ctx) ->
            new StoredChallenge(
                rs.getString("token_hash"),
                new UserId(types.readUuid(rs, "user_id")),
                types.readInstant(rs, "created_at"),
                types.readInstant(rs, "expires_at"));
  }

  @Override
  public Optional<StoredTotp> totp(UserId userId) {
    return readTotp(userId, "");
  }

  @Override
  public Optional<StoredTotp> totpForUpdate(UserId userId) {
    return readTotp(userId, " FOR UPDATE");
  }

  private Optional<StoredTotp> readTotp(UserId userId, String lock) {
    tx.checkUsable();
    return handle
        .createQuery("SELECT " + TOTP_COLUMNS + " FROM usersdk_totp WHERE user_id = :user" + lock)
        .bind("user", userId.value())
        .map(totpMapper)
        .findOne();
  }

  @Override
  public void saveTotp(StoredTotp t) {
    tx.checkUsable();
    handle
        .createUpdate(saveTotp)
        .bind("user_id", t.userId().value())
        .bind("sealed_secret", t.sealedSecret())
        .bind("created_at", t.createdAt())
        .bindByType("confirmed_at", t.confirmedAt().orElse(null), Instant.class)
        .bind("last_used_step", t.lastUsedStep())
        .bind("failures", t.failures())
        .bindByType("blocked_until", t.blockedUntil().orElse(null), Instant.class)
        .bind("updated_at", t.updatedAt())
        .execute();
  }

  @Override
  public boolean deleteTotp(UserId userId) {
    tx.checkUsable();
    // The TOTP row first: every check of a code locks it before the recovery codes.
    boolean deleted =
        handle
                .createUpdate("DELETE FROM usersdk_totp WHERE user_id = :user")
                .bind("user", userId.value())
                .execute()
            == 1;
    handle
        .createUpdate("DELETE FROM usersdk_recovery_codes WHERE user_id = :user")
        .bind("user", userId.value())
        .execute();
    return deleted;
  }

  @Override
  public void replaceRecoveryCodes(UserId userId, List<String> codeHashes, Instant at) {
    tx.checkUsable();
    handle
        .createUpdate("DELETE FROM usersdk_recovery_codes WHERE user_id = :user")
        .bind("user", userId.value())
        .execute();
    if (codeHashes.isEmpty()) {
      return;
    }
    PreparedBatch batch =
        handle.prepareBatch(
            "INSERT INTO usersdk_recovery_codes (user_id, code_hash, created_at, used_at)"
                + " VALUES (:user, :hash, :at, NULL)");
    for (String hash : codeHashes) {
      batch.bind("user", userId.value()).bind("hash", hash).bind("at", at).add();
    }
    batch.execute();
  }

  @Override
  public boolean useRecoveryCode(UserId userId, String codeHash, Instant at) {
    tx.checkUsable();
    return handle
            .createUpdate(
                "UPDATE usersdk_recovery_codes SET used_at = :at"
                    + " WHERE user_id = :user AND code_hash = :hash AND used_at IS NULL")
            .bind("at", at)
            .bind("user", userId.value())
            .bind("hash", codeHash)
            .execute()
        == 1;
  }

  @Override
  public int recoveryCodesLeft(UserId userId) {
    tx.checkUsable();
    return handle
        .createQuery(
            "SELECT COUNT(*) FROM usersdk_recovery_codes WHERE user_id = :user AND used_at IS NULL")
        .bind("user", userId.value())
        .mapTo(Integer.class)
        .one();
  }

  @Override
  public boolean recordSessionSecondFactor(UUID sessionId, Instant at) {
    tx.checkUsable();
    // Every matched row changes (the time moves on), so found and changed rows agree on MySQL.
    return handle
            .createUpdate("UPDATE usersdk_sessions SET second_factor_at = :at WHERE id = :id")
            .bind("at", at)
            .bind("id", sessionId)
            .execute()
        == 1;
  }

  @Override
  public void insertChallenge(StoredChallenge c) {
    tx.checkUsable();
    handle
        .createUpdate(
            "INSERT INTO usersdk_mfa_challenges ("
                + CHALLENGE_COLUMNS
                + ") VALUES (:hash, :user, :created, :expires)")
        .bind("hash", c.tokenHash())
        .bind("user", c.userId().value())
        .bind("created", c.createdAt())
        .bind("expires", c.expiresAt())
        .execute();
  }

  @Override
  public Optional<StoredChallenge> challengeForUpdate(String tokenHash) {
    tx.checkUsable();
    return handle
        .createQuery(
            "SELECT "
                + CHALLENGE_COLUMNS
                + " FROM usersdk_mfa_challenges WHERE token_hash = :hash FOR UPDATE")
        .bind("hash", tokenHash)
        .map(challengeMapper)
        .findOne();
  }

  @Override
  public boolean deleteChallenge(String tokenHash) {
    tx.checkUsable();
    return handle
            .createUpdate("DELETE FROM usersdk_mfa_challenges WHERE token_hash = :hash")
            .bind("hash", tokenHash)
            .execute()
        == 1;
  }

  @Override
  public int deleteChallengesOf(UserId userId) {
    tx.checkUsable();
    return handle
        .createUpdate("DELETE FROM usersdk_mfa_challenges WHERE user_id = :user")
        .bind("user", userId.value())
        .execute();
  }

  @Override
  public int purgeExpiredChallenges(Instant now) {
    tx.checkUsable();
    return handle
        .createUpdate("DELETE FROM usersdk_mfa_challenges WHERE expires_at <= :now")
        .bind("now", now)
        .execute();
  }
}
