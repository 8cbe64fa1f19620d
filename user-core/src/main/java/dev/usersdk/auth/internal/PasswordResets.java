package dev.usersdk.auth.internal;

import dev.usersdk.ConfigurationException;
import dev.usersdk.auth.AuthConfig;
import dev.usersdk.auth.InvalidTokenException;
import dev.usersdk.auth.Notification;
import dev.usersdk.auth.Notifier;
import dev.usersdk.auth.ResetConfig;
import dev.usersdk.auth.password.Password;
import dev.usersdk.internal.Timestamps;
import dev.usersdk.spi.StoreTransaction;
import dev.usersdk.spi.StoredResetToken;
import dev.usersdk.spi.Stores;
import dev.usersdk.user.Email;
import dev.usersdk.user.User;
import dev.usersdk.user.UserId;
import dev.usersdk.user.UserStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Password reset by emailed link: a single-use token, then a new password. */
final class PasswordResets {
  private static final Logger log = LoggerFactory.getLogger(PasswordResets.class);

  private final Stores stores;
  private final ResetConfig config;
  private final Clock clock;
  private final Secrets secrets;
  private final Notifier notifier;
  private final PasswordAccounts accounts;

  PasswordResets(
      Stores stores,
      ResetConfig config,
      Clock clock,
      Secrets secrets,
      Notifier notifier,
      PasswordAccounts accounts) {
    this.stores = stores;
    this.config = config;
    this.clock = clock;
    this.secrets = secrets;
    this.notifier = notifier;
    this.accounts = accounts;
  }

  void request(String email) {
    Mail.requireConfigured(notifier);
    String template =
        config
            .linkTemplate()
            .orElseThrow(
                () ->
                    new ConfigurationException(
                        "password reset needs a link template: set "
                            + AuthConfig.RESET_LINK_TEMPLATE));
    Email canonical = Email.of(email);
    String token = secrets.newToken();
    Instant now = Timestamps.now(clock);
    boolean sent =
        stores.inTransaction(
            tx -> {
              Optional<User> user = tx.users().findByEmail(canonical);
              // Whoever has a password may reset it, also an account linked to another provider.
              if (user.isEmpty()
                  || user.get().status() == UserStatus.DISABLED
                  || tx.auth().credentials(user.get().id()).isEmpty()
                  || rateLimited(tx, user.get().id(), now)) {
                return false;
              }
              tx.auth()
                  .insertResetToken(
                      new StoredResetToken(
                          Secrets.tokenHash(token),
                          user.get().id(),
                          now,
                          now.plus(config.tokenTtl())));
              return true;
            });
    if (sent) {
      String link = template.replace("{token}", URLEncoder.encode(token, StandardCharsets.UTF_8));
      notifier.send(new Notification.PasswordResetLink(canonical, link));
    }
    log.debug("password reset requested");
  }

  void reset(String token, Password newPassword) {
    accounts.requireAcceptable(newPassword);
    if (token == null || token.isBlank() || token.length() > Secrets.MAX_OPAQUE_TOKEN_LENGTH) {
      throw new InvalidTokenException("reset token unknown");
    }
    String tokenHash = Secrets.tokenHash(token.strip());
    // Checked before hashing so that junk tokens cost no hashing; checked again under the row lock.
    if (usable(tokenHash, Timestamps.now(clock)).isEmpty()) {
      throw new InvalidTokenException("reset token unknown, used or expired");
    }
    String hash = accounts.hash(newPassword);
    Instant now = Timestamps.now(clock);
    Optional<UserId> reset =
        stores.inTransaction(
            tx -> {
              Optional<StoredResetToken> found =
                  tx.auth().resetTokenForUpdate(tokenHash).filter(t -> now.isBefore(t.expiresAt()));
              if (found.isEmpty()) {
                return Optional.<UserId>empty();
              }
              UserId userId = found.get().userId();
              accounts.replacePassword(
                  tx, userId, hash, now); // also deletes this token and the user's others
              return Optional.of(userId);
            });
    UserId userId =
        reset.orElseThrow(() -> new InvalidTokenException("reset token unknown, used or expired"));
    log.info("password of user {} reset; all sessions ended", userId);
  }

  /**
   * Whether the account was sent a link within the cooldown, or its hourly number of links. Read
   * under the user's row lock, so concurrent requests are counted exactly.
   */
  private boolean rateLimited(StoreTransaction tx, UserId userId, Instant now) {
    tx.users().findByIdForUpdate(userId);
    List<StoredResetToken> sent = tx.auth().resetTokensOf(userId);
    if (!sent.isEmpty() && now.isBefore(sent.get(0).createdAt().plus(config.cooldown()))) {
      return true;
    }
    Instant windowStart = now.minus(ResetConfig.CAP_WINDOW);
    long inWindow = sent.stream().filter(t -> t.createdAt().isAfter(windowStart)).count();
    if (inWindow >= config.maxPerHour()) {
      log.warn("password reset for user {} refused: {} links in the last hour", userId, inWindow);
      return true;
    }
    return false;
  }

  private Optional<StoredResetToken> usable(String tokenHash, Instant now) {
    return stores
        .inTransaction(tx -> tx.auth().resetTokenForUpdate(tokenHash))
        .filter(t -> now.isBefore(t.expiresAt()));
  }
}
