package dev.usersdk.jdbc.internal;

import dev.usersdk.spi.EmailCodePurpose;
import dev.usersdk.spi.EmailCodeStore;
import dev.usersdk.spi.StoredEmailCode;
import dev.usersdk.user.Email;
import dev.usersdk.user.UserId;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** {@link EmailCodeStore} on {@code usersdk_email_codes}. Not API. */
final class JdbcEmailCodeStore implements EmailCodeStore {
  private static final String COLUMNS =
      "purpose, subject, user_id, email, code_hash, link_hash, attempts, sent_at, expires_at, sends,"
          + " window_started_at";

  private final Handle handle;
  private final TxGuard tx;
  private final String save;
  private final RowMapper<StoredEmailCode> mapper;

  JdbcEmailCodeStore(Handle handle, SqlTypes types, TxGuard tx) {
    this.handle = handle;
    this.tx = tx;
    this.save =
        Upsert.statementOnKeys(
            types.dialect(),
            "usersdk_email_codes",
            new String[] {"purpose", "subject"},
            "user_id",
            "email",
            "code_hash",
            "link_hash",
            "attempts",
            "sent_at",
            "expires_at",
            "sends",
            "window_started_at");
    this.mapper =
        (rs, ctx) -> {
          UUID user = types.readUuid(rs, "user_id");
          return new StoredEmailCode(
              EmailCodePurpose.valueOf(rs.getString("purpose")),
              rs.getString("subject"),
              Optional.ofNullable(user).map(UserId::new),
              Email.of(rs.getString("email")),
              rs.getString("code_hash"),
              Optional.ofNullable(rs.getString("link_hash")),
              rs.getInt("attempts"),
              types.readInstant(rs, "sent_at"),
              types.readInstant(rs, "expires_at"),
              rs.getInt("sends"),
              types.readInstant(rs, "window_started_at"));
        };
  }

  @Override
  public Optional<StoredEmailCode> emailCodeForUpdate(EmailCodePurpose purpose, String subject) {
    tx.checkUsable();
    return handle
        .createQuery(
            "SELECT "
                + COLUMNS
                + " FROM usersdk_email_codes WHERE purpose = :purpose AND subject = :subject"
                + " FOR UPDATE")
        .bind("purpose", purpose.name())
        .bind("subject", subject)
        .map(mapper)
        .findOne();
  }

  @Override
  public Optional<StoredEmailCode> emailCodeByLinkForUpdate(String linkHash) {
    tx.checkUsable();
    return handle
        .createQuery(
            "SELECT " + COLUMNS + " FROM usersdk_email_codes WHERE link_hash = :link FOR UPDATE")
        .bind("link", linkHash)
        .map(mapper)
        .findOne();
  }

  @Override
  public void saveEmailCode(StoredEmailCode c) {
    tx.checkUsable();
    handle
        .createUpdate(save)
        .bind("purpose", c.purpose().name())
        .bind("subject", c.subject())
        .bindByType("user_id", c.userId().map(UserId::value).orElse(null), UUID.class)
        .bind("email", c.email().value())
        .bind("code_hash", c.codeHash())
        .bind("link_hash", c.linkHash().orElse(null))
        .bind("attempts", c.attempts())
        .bind("sent_at", c.sentAt())
        .bind("expires_at", c.expiresAt())
        .bind("sends", c.sends())
        .bind("window_started_at", c.windowStartedAt())
        .execute();
  }

  @Override
  public boolean deleteEmailCode(EmailCodePurpose purpose, String subject) {
    tx.checkUsable();
    return handle
            .createUpdate(
                "DELETE FROM usersdk_email_codes WHERE purpose = :purpose AND subject = :subject")
            .bind("purpose", purpose.name())
            .bind("subject", subject)
            .execute()
        == 1;
  }

  @Override
  public int purgeExpiredEmailCodes(Instant now, Instant windowsBefore) {
    tx.checkUsable();
    return handle
        .createUpdate(
            "DELETE FROM usersdk_email_codes WHERE expires_at <= :now"
                + " AND window_started_at < :windows")
        .bind("now", now)
        .bind("windows", windowsBefore)
        .execute();
  }
}
