package dev.usersdk.auth.internal;

import dev.usersdk.ForbiddenException;
import dev.usersdk.auth.EmailAddresses;
import dev.usersdk.auth.InvalidCodeException;
import dev.usersdk.auth.Notification;
import dev.usersdk.auth.Notifier;
import dev.usersdk.auth.Principal;
import dev.usersdk.auth.password.Password;
import dev.usersdk.internal.Timestamps;
import dev.usersdk.spi.EmailCodePurpose;
import dev.usersdk.spi.StoreTransaction;
import dev.usersdk.spi.StoredEmailCode;
import dev.usersdk.spi.Stores;
import dev.usersdk.user.AuthProvider;
import dev.usersdk.user.Email;
import dev.usersdk.user.User;
import dev.usersdk.user.UserId;
import dev.usersdk.user.UserNotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link EmailAddresses}: verifying and changing a user's email by emailed code. Not API. */
final class EmailAddressService implements EmailAddresses {
  private static final Logger log = LoggerFactory.getLogger(EmailAddressService.class);

  private final Stores stores;
  private final Clock clock;
  private final EmailCodes codes;
  private final Notifier notifier;
  private final Logins logins;
  private final Callers callers;

  EmailAddressService(
      Stores stores,
      Clock clock,
      EmailCodes codes,
      Notifier notifier,
      Logins logins,
      Callers callers) {
    this.stores = stores;
    this.clock = clock;
    this.codes = codes;
    this.notifier = notifier;
    this.logins = logins;
    this.callers = callers;
  }

  @Override
  public void requestVerification(UserId userId) {
    Objects.requireNonNull(userId, "userId");
    Mail.requireConfigured(notifier);
    EmailCodes.Fresh fresh = codes.fresh(codes.config().verifyLinkTemplate());
    Instant now = Timestamps.now(clock);
    Optional<Email> sendTo =
        stores.inTransaction(
            tx -> {
              User user = existing(tx, userId);
              if (!user.authProvider().equals(AuthProvider.PASSWORD)) {
                throw new ForbiddenException(
                    "the issuer of this user's identity vouches for its email");
              }
              if (user.emailVerified() || user.email().isEmpty()) {
                return Optional.<Email>empty();
              }
              Email email = user.email().get();
              boolean stored =
                  codes.store(
                      tx,
                      EmailCodePurpose.VERIFY,
                      userId.toString(),
                      Optional.of(userId),
                      email,
                      fresh,
                      now);
              return stored ? Optional.of(email) : Optional.<Email>empty();
            });
    sendTo.ifPresent(
        email ->
            notifier.send(
                new Notification.EmailVerificationCode(email, fresh.code(), fresh.link())));
  }

  @Override
  public User confirmVerification(UserId userId, String code) {
    Objects.requireNonNull(userId, "userId");
    Instant now = Timestamps.now(clock);
    Optional<User> verified =
        stores.inTransaction(
            tx ->
                codes
                    .consume(tx, EmailCodePurpose.VERIFY, userId.toString(), code, now)
                    .flatMap(stored -> markVerified(tx, stored, now)));
    return verified.orElseThrow(InvalidCodeException::new);
  }

  @Override
  public User confirmVerificationLink(String token) {
    Instant now = Timestamps.now(clock);
    Optional<User> verified =
        stores.inTransaction(
            tx ->
                codes
                    .consumeLink(tx, EmailCodePurpose.VERIFY, token, now)
                    .flatMap(stored -> markVerified(tx, stored, now)));
    return verified.orElseThrow(InvalidCodeException::new);
  }

  /** The address verified, if it is still the user's (a change meanwhile voids the code). */
  private static Optional<User> markVerified(
      StoreTransaction tx, StoredEmailCode stored, Instant now) {
    UserId userId = stored.userId().orElseThrow();
    Optional<User> found = tx.users().findByIdForUpdate(userId);
    if (found.isEmpty() || !found.get().email().equals(Optional.of(stored.email()))) {
      return Optional.empty();
    }
    User user = found.get();
    if (user.emailVerified()) {
      return Optional.of(user);
    }
    User updated = PasswordAccounts.markEmailVerified(tx, user, now);
    log.info("user {} verified the email", userId);
    return Optional.of(updated);
  }

  @Override
  public void requestChange(UserId userId, String newEmail, Password currentPassword) {
    Objects.requireNonNull(userId, "userId");
    Email target = Email.of(newEmail);
    logins.requireCurrentPassword(userId, currentPassword);
    sendChangeCode(userId, target);
  }

  @Override
  public void requestChangeByAdmin(Principal admin, UserId userId, String newEmail) {
    Objects.requireNonNull(userId, "userId");
    callers.requireAdmin(admin);
    sendChangeCode(userId, Email.of(newEmail));
    log.info("admin {} asked to change the email of user {}", admin.userId(), userId);
  }

  private void sendChangeCode(UserId userId, Email target) {
    Mail.requireConfigured(notifier);
    EmailCodes.Fresh fresh = codes.fresh(Optional.empty());
    Instant now = Timestamps.now(clock);
    boolean send =
        stores.inTransaction(
            tx -> {
              // Whether another account has the address is decided at confirmation, by whoever
              // proved they own it: answering here would tell anyone which addresses have accounts.
              existing(tx, userId);
              return codes.store(
                  tx,
                  EmailCodePurpose.CHANGE,
                  userId.toString(),
                  Optional.of(userId),
                  target,
                  fresh,
                  now);
            });
    if (send) {
      notifier.send(new Notification.EmailChangeCode(target, fresh.code()));
    }
  }

  @Override
  public User confirmChange(UserId userId, String code) {
    Objects.requireNonNull(userId, "userId");
    Instant now = Timestamps.now(clock);
    Optional<Changed> changed =
        stores.inTransaction(
            tx ->
                codes
                    .consume(tx, EmailCodePurpose.CHANGE, userId.toString(), code, now)
                    .map(stored -> change(tx, userId, stored.email(), now)));
    Changed done = changed.orElseThrow(InvalidCodeException::new);
    done.before()
        .ifPresent(
            old ->
                notifier.send(
                    new Notification.EmailChanged(old, done.user().email().orElseThrow())));
    log.info("user {} changed the email", userId);
    return done.user();
  }

  private record Changed(User user, Optional<Email> before) {}

  /** The address is checked for uniqueness by the store as the row is written: one of two wins. */
  private static Changed change(StoreTransaction tx, UserId userId, Email target, Instant now) {
    User locked =
        tx.users().findByIdForUpdate(userId).orElseThrow(() -> new UserNotFoundException(userId));
    User updated =
        locked.toBuilder()
            .email(target)
            .emailVerified(true)
            .updatedAt(now)
            .version(locked.version() + 1)
            .build();
    PasswordAccounts.writeLocked(tx, updated, locked);
    return new Changed(updated, locked.email());
  }

  private static User existing(StoreTransaction tx, UserId userId) {
    return tx.users().findById(userId).orElseThrow(() -> new UserNotFoundException(userId));
  }
}
