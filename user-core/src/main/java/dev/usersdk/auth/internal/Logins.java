package dev.usersdk.auth.internal;

import dev.usersdk.ValidationException;
import dev.usersdk.auth.InvalidCredentialsException;
import dev.usersdk.auth.LoginContext;
import dev.usersdk.auth.LoginOutcome;
import dev.usersdk.auth.SecondFactorRequiredException;
import dev.usersdk.auth.Session;
import dev.usersdk.auth.SignIn;
import dev.usersdk.auth.internal.Lockouts.Verdict;
import dev.usersdk.auth.password.Password;
import dev.usersdk.internal.Timestamps;
import dev.usersdk.spi.StoredCredentials;
import dev.usersdk.spi.Stores;
import dev.usersdk.user.Email;
import dev.usersdk.user.User;
import dev.usersdk.user.UserId;
import dev.usersdk.user.UserNotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Checking a password: login, and the current-password check of a password change. */
final class Logins {
  private final Stores stores;
  private final Clock clock;
  private final Passwords passwords;
  private final Lockouts lockouts;
  private final SessionIssuer sessions;
  private final PasswordAccounts accounts;
  private final SecondSteps secondSteps;

  Logins(
      Stores stores,
      Clock clock,
      Passwords passwords,
      Lockouts lockouts,
      SessionIssuer sessions,
      PasswordAccounts accounts,
      SecondSteps secondSteps) {
    this.stores = stores;
    this.clock = clock;
    this.passwords = passwords;
    this.lockouts = lockouts;
    this.sessions = sessions;
    this.accounts = accounts;
    this.secondSteps = secondSteps;
  }

  /**
   * The password check of a sign-in: a session, or a challenge when the user has a second factor.
   */
  SignIn signIn(String email, Password password, LoginContext context) {
    Email canonical;
    try {
      canonical = Email.of(email);
    } catch (ValidationException e) {
      throw new InvalidCredentialsException();
    }
    if (!Passwords.presentable(password)) {
      // Refused before hashing: a megabyte "password" costs nothing.
      throw new InvalidCredentialsException();
    }
    Optional<StoredCredentials> stored =
        stores.inTransaction(
            tx ->
                tx.users()
                    .findByEmail(canonical)
                    .flatMap(user -> tx.auth().credentials(user.id())));
    return lockouts.finish(check(stored, password, context));
  }

  /**
   * Verifies the password against the stored hash (or a decoy of equal cost), then records the
   * outcome and updates the lockout under the credentials' row lock, so concurrent failures are
   * counted exactly. On success opens a session in the same transaction.
   */
  private Verdict check(
      Optional<StoredCredentials> stored, Password password, LoginContext context) {
    if (stored.isEmpty()) {
      passwords.waste(password); // unknown emails cost the same hashing time as known ones
      Instant now = Timestamps.now(clock);
      stores.inTransaction(
          tx -> {
            lockouts.record(tx, null, LoginOutcome.UNKNOWN_ACCOUNT, now, context);
            return null;
          });
      return Verdict.of(LoginOutcome.UNKNOWN_ACCOUNT);
    }
    StoredCredentials seen = stored.get();
    // Hashed even when locked: the time taken must not tell that the account is locked.
    boolean matches = passwords.matches(password, seen.passwordHash());
    String upgraded = matches ? passwords.upgrade(password, seen.passwordHash()) : null;
    Instant now = Timestamps.now(clock);
    UserId userId = seen.userId();
    return stores.inTransaction(
        tx -> {
          Optional<StoredCredentials> current = tx.auth().credentialsForUpdate(userId);
          if (current.isEmpty()) { // deleted meanwhile
            lockouts.record(tx, null, LoginOutcome.UNKNOWN_ACCOUNT, now, context);
            return Verdict.of(LoginOutcome.UNKNOWN_ACCOUNT);
          }
          StoredCredentials credentials = current.get();
          // A password changed between the check and now is judged against the new hash on the next
          // try.
          boolean right = matches && credentials.passwordHash().equals(seen.passwordHash());
          if (!right || Lockouts.isLocked(credentials, now)) {
            return lockouts.refuse(tx, credentials, now, context);
          }
          User user =
              tx.users()
                  .findByIdForUpdate(userId)
                  .orElseThrow(() -> new UserNotFoundException(userId));
          StoredCredentials cleared = Lockouts.cleared(credentials, now);
          if (upgraded != null) {
            cleared = cleared.withPasswordHash(upgraded, now);
          }
          tx.auth().saveCredentials(cleared);
          return secondSteps.afterFirstFactor(tx, user, now, context);
        });
  }

  /**
   * Re-authentication by the current password, for changes of the account (its password, its
   * email): the credentials it matched.
   *
   * @throws InvalidCredentialsException if it is wrong or the account is locked (a wrong one counts
   *     towards the lockout)
   */
  StoredCredentials requireCurrentPassword(UserId userId, Password current) {
    Objects.requireNonNull(current, "current");
    if (!Passwords.presentable(current)) {
      throw new InvalidCredentialsException();
    }
    Optional<StoredCredentials> stored = stores.inTransaction(tx -> tx.auth().credentials(userId));
    if (stored.isEmpty()) {
      passwords.waste(current);
      throw new InvalidCredentialsException();
    }
    boolean matches = passwords.matches(current, stored.get().passwordHash());
    if (!matches || Lockouts.isLocked(stored.get(), Timestamps.now(clock))) {
      lockouts.finish(lockouts.refuseOutsideLogin(userId, stored.get(), LoginContext.NONE));
    }
    return stored.get();
  }

  /**
   * Changes the password after checking the current one; ends every session and returns a new one,
   * or, for a user with a second factor, throws {@link SecondFactorRequiredException} with a
   * challenge for it (the password is changed). A wrong current password counts towards the
   * lockout.
   */
  Session changePassword(UserId userId, Password current, Password next) {
    Objects.requireNonNull(userId, "userId");
    passwords.requireAcceptable(next);
    StoredCredentials stored = requireCurrentPassword(userId, current);
    String hash = passwords.hash(next);
    Instant now = Timestamps.now(clock);
    SignIn signIn =
        stores.inTransaction(
            tx -> {
              StoredCredentials locked =
                  tx.auth()
                      .credentialsForUpdate(userId)
                      .orElseThrow(InvalidCredentialsException::new);
              if (!locked.passwordHash().equals(stored.passwordHash())) {
                // Changed concurrently: the current password is no longer current.
                throw new InvalidCredentialsException();
              }
              accounts.replacePassword(tx, userId, hash, now);
              // A password is one factor: a user with a second one proves it for the new session.
              Optional<SignIn.SecondFactorRequired> challenge =
                  secondSteps.challengeIfRequired(tx, userId, now);
              return challenge.isPresent()
                  ? challenge.get()
                  : new SignIn.Complete(sessions.open(tx, userId, now, LoginContext.NONE));
            });
    if (signIn instanceof SignIn.SecondFactorRequired challenge) {
      throw new SecondFactorRequiredException(challenge);
    }
    return ((SignIn.Complete) signIn).session();
  }
}
