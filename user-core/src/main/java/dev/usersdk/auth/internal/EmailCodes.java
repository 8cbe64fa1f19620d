package dev.usersdk.auth.internal;

import dev.usersdk.auth.EmailCodeConfig;
import dev.usersdk.spi.EmailCodePurpose;
import dev.usersdk.spi.StoreTransaction;
import dev.usersdk.spi.StoredEmailCode;
import dev.usersdk.user.Email;
import dev.usersdk.user.UserId;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The mechanics shared by every emailed code: a 6-digit code (stored keyed-hashed) and optionally a
 * link token (stored hashed) per purpose and subject, a resend cooldown and an hourly cap of sends,
 * a lifetime, a number of wrong tries after which the code is void, and consumption under the row
 * lock, so of racing confirmations one succeeds. A void or expired code's row stays (until its hour
 * is over and it is purged): a new request meets the cooldown and the cap, so the guesses at a
 * subject's codes stay bounded ({@code maxPerHour} × {@code maxAttempts} an hour). Not API.
 */
final class EmailCodes {
  private static final Pattern CODE = Pattern.compile("[0-9]{6}");

  private final Secrets secrets;
  private final EmailCodeConfig config;

  EmailCodes(Secrets secrets, EmailCodeConfig config) {
    this.secrets = secrets;
    this.config = config;
  }

  EmailCodeConfig config() {
    return config;
  }

  /** A code, and the link that carries its token when there is a template: not stored yet. */
  record Fresh(String code, String codeHash, Optional<String> link, Optional<String> linkHash) {
    @Override
    public String toString() {
      return "Fresh[code=(redacted), link=(redacted)]";
    }
  }

  /**
   * Made outside any transaction: the same work whether or not it is stored or sent, so a caller
   * cannot time the difference.
   */
  Fresh fresh(Optional<String> linkTemplate) {
    String code = secrets.newCode();
    String token = secrets.newToken();
    Optional<String> link =
        linkTemplate.map(
            t -> t.replace("{token}", URLEncoder.encode(token, StandardCharsets.UTF_8)));
    return new Fresh(
        code,
        secrets.codeHash(code),
        link,
        link.isPresent() ? Optional.of(Secrets.tokenHash(token)) : Optional.empty());
  }

  /**
   * Stores a fresh code in {@code tx}, unless the last one for this purpose and subject was sent
   * within the cooldown (then it stays valid and nothing is to be sent), whatever address it went
   * to, or the subject was sent its hourly number of codes already.
   *
   * @return whether the fresh code was stored (and so is to be sent)
   */
  boolean store(
      StoreTransaction tx,
      EmailCodePurpose purpose,
      String subject,
      Optional<UserId> userId,
      Email email,
      Fresh fresh,
      Instant now) {
    Optional<StoredEmailCode> last = tx.emailCodes().emailCodeForUpdate(purpose, subject);
    int sends = 1;
    Instant windowStart = now;
    if (last.isPresent()) {
      StoredEmailCode previous = last.get();
      if (now.isBefore(previous.sentAt().plus(config.resendCooldown()))) {
        return false;
      }
      if (now.isBefore(previous.windowStartedAt().plus(EmailCodeConfig.CAP_WINDOW))) {
        if (previous.sends() >= config.maxPerHour()) {
          return false;
        }
        sends = previous.sends() + 1;
        windowStart = previous.windowStartedAt();
      }
    }
    tx.emailCodes()
        .saveEmailCode(
            new StoredEmailCode(
                purpose,
                subject,
                userId,
                email,
                fresh.codeHash(),
                fresh.linkHash(),
                0,
                now,
                now.plus(config.codeTtl()),
                sends,
                windowStart));
    return true;
  }

  /**
   * Consumes the code of this purpose and subject in {@code tx} if {@code code} is it: the row is
   * deleted (a link sent with it stops working too). A wrong code counts; the code is void once the
   * tries are used up. The caller must commit also when this returns empty.
   */
  Optional<StoredEmailCode> consume(
      StoreTransaction tx, EmailCodePurpose purpose, String subject, String code, Instant now) {
    return consume(tx, purpose, subject, code, now, wrong -> {});
  }

  /** As above; {@code onWrong} is told of a wrong code for a usable one (to record the attempt). */
  Optional<StoredEmailCode> consume(
      StoreTransaction tx,
      EmailCodePurpose purpose,
      String subject,
      String code,
      Instant now,
      Consumer<StoredEmailCode> onWrong) {
    Optional<StoredEmailCode> found = tx.emailCodes().emailCodeForUpdate(purpose, subject);
    if (found.isEmpty() || !usable(found.get(), now)) {
      return Optional.empty();
    }
    StoredEmailCode stored = found.get();
    String presented = code == null ? "" : code.strip();
    if (!CODE.matcher(presented).matches() || !secrets.codeMatches(presented, stored.codeHash())) {
      // At the maximum the code is void; the row stays, so the next request meets the cap.
      tx.emailCodes().saveEmailCode(stored.withAttempts(stored.attempts() + 1));
      onWrong.accept(stored);
      return Optional.empty();
    }
    tx.emailCodes().deleteEmailCode(purpose, subject);
    return found;
  }

  /** Consumes the code whose link carries {@code token}, if it is of {@code purpose}. */
  Optional<StoredEmailCode> consumeLink(
      StoreTransaction tx, EmailCodePurpose purpose, String token, Instant now) {
    if (token == null || token.isEmpty() || token.length() > Secrets.MAX_OPAQUE_TOKEN_LENGTH) {
      return Optional.empty();
    }
    Optional<StoredEmailCode> found =
        tx.emailCodes().emailCodeByLinkForUpdate(Secrets.tokenHash(token));
    if (found.isEmpty() || found.get().purpose() != purpose || !usable(found.get(), now)) {
      return Optional.empty();
    }
    tx.emailCodes().deleteEmailCode(purpose, found.get().subject());
    return found;
  }

  private boolean usable(StoredEmailCode code, Instant now) {
    return now.isBefore(code.expiresAt()) && code.attempts() < config.maxAttempts();
  }
}
