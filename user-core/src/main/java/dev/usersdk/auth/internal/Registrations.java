package dev.usersdk.auth.internal;

import dev.usersdk.auth.InvalidCodeException;
import dev.usersdk.auth.Notification;
import dev.usersdk.auth.Notifier;
import dev.usersdk.auth.RegistrationConfig;
import dev.usersdk.auth.password.Password;
import dev.usersdk.internal.Timestamps;
import dev.usersdk.spi.PendingRegistration;
import dev.usersdk.spi.StoredCredentials;
import dev.usersdk.spi.Stores;
import dev.usersdk.user.Email;
import dev.usersdk.user.NewUser;
import dev.usersdk.user.Profile;
import dev.usersdk.user.ProfileField;
import dev.usersdk.user.User;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sign-up by emailed code: a pending registration, then the user when the code comes back. */
final class Registrations {
  private static final Logger log = LoggerFactory.getLogger(Registrations.class);

  private final Stores stores;
  private final RegistrationConfig config;
  private final Clock clock;
  private final Secrets secrets;
  private final Notifier notifier;
  private final PasswordAccounts accounts;

  Registrations(
      Stores stores,
      RegistrationConfig config,
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

  void register(String email, Password password, @Nullable String name) {
    Mail.requireConfigured(notifier);
    Email canonical = Email.of(email);
    accounts.requireAcceptable(password);
    // Validated like any profile name.
    String displayName = Profile.EMPTY.with(ProfileField.NAME, name).name();
    // Hashed before anything is looked up: the same work whether or not the account exists.
    String passwordHash = accounts.hash(password);
    Instant now = Timestamps.now(clock);
    String code = secrets.newCode();
    Notification toSend =
        stores.inTransaction(
            tx -> {
              Optional<PendingRegistration> pending = tx.auth().registrationForUpdate(canonical);
              if (pending.isPresent()
                  && now.isBefore(pending.get().sentAt().plus(config.resendCooldown()))) {
                // Within the cooldown the earlier code stays valid and nothing new is sent.
                return null;
              }
              Instant expires = now.plus(config.codeTtl());
              if (tx.users().findByEmail(canonical).isPresent()) {
                tx.auth()
                    .saveRegistration(
                        new PendingRegistration(
                            canonical,
                            Optional.empty(),
                            Optional.empty(),
                            Optional.empty(),
                            0,
                            now,
                            expires));
                return new Notification.AccountAlreadyExists(canonical);
              }
              tx.auth()
                  .saveRegistration(
                      new PendingRegistration(
                          canonical,
                          Optional.of(secrets.codeHash(code)),
                          Optional.of(passwordHash),
                          Optional.ofNullable(displayName),
                          0,
                          now,
                          expires));
              return new Notification.RegistrationCode(canonical, code);
            });
    if (toSend != null) {
      notifier.send(toSend);
    }
    log.debug("registration started: sent={}", toSend != null);
  }

  User confirm(String email, String code) {
    Email canonical = Email.of(email);
    if (code == null || !code.strip().matches("[0-9]{6}")) {
      throw new InvalidCodeException();
    }
    String presented = code.strip();
    Instant now = Timestamps.now(clock);
    Optional<User> created =
        stores.inTransaction(
            tx -> {
              Optional<PendingRegistration> found = tx.auth().registrationForUpdate(canonical);
              if (found.isEmpty()) {
                return Optional.<User>empty();
              }
              PendingRegistration pending = found.get();
              if (pending.codeHash().isEmpty()
                  || !now.isBefore(pending.expiresAt())
                  || pending.attempts() >= config.maxCodeAttempts()) {
                return Optional.<User>empty();
              }
              if (!secrets.codeMatches(presented, pending.codeHash().get())) {
                tx.auth()
                    .saveRegistration(
                        pending.withAttempts(
                            pending.attempts() + 1)); // committed: the count must stick
                return Optional.<User>empty();
              }
              tx.auth().deleteRegistration(canonical);
              String passwordHash = pending.passwordHash().orElseThrow();
              Optional<User> owner = accounts.claimLegacyOwner(tx, pending, now);
              if (owner.isPresent()) {
                tx.auth()
                    .saveCredentials(StoredCredentials.of(owner.get().id(), passwordHash, now));
                return owner;
              }
              NewUser newUser =
                  NewUser.email(canonical.value())
                      .name(pending.name().orElse(null))
                      .emailVerified(true);
              return Optional.of(accounts.insert(tx, newUser, passwordHash, now));
            });
    User user = created.orElseThrow(InvalidCodeException::new);
    log.info("registration confirmed: user {}", user.id());
    return user;
  }
}
