package dev.usersdk.auth.internal;

import dev.usersdk.auth.AccountDisabledException;
import dev.usersdk.auth.AccountPendingException;
import dev.usersdk.auth.InvalidCodeException;
import dev.usersdk.auth.LoginContext;
import dev.usersdk.auth.LoginOutcome;
import dev.usersdk.auth.Notification;
import dev.usersdk.auth.Notifier;
import dev.usersdk.auth.SignIn;
import dev.usersdk.internal.Timestamps;
import dev.usersdk.spi.EmailCodePurpose;
import dev.usersdk.spi.StoreTransaction;
import dev.usersdk.spi.StoredEmailCode;
import dev.usersdk.spi.Stores;
import dev.usersdk.user.AuthProvider;
import dev.usersdk.user.Email;
import dev.usersdk.user.NewUser;
import dev.usersdk.user.User;
import dev.usersdk.user.internal.NewUsers;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in by an emailed code or link, without a password. A request does the same work for every
 * address: it makes a code and a link token, stores the attempt under the address (with the user,
 * if there is one), and calls the notifier once — with the code for an account (or for a new one,
 * when sign-in creates accounts), with a notice otherwise. Consuming the code or the link ends the
 * attempt; the user then gets a session or, with a second factor, a challenge. Not API.
 */
final class PasswordlessSignIns {
  private static final Logger log = LoggerFactory.getLogger(PasswordlessSignIns.class);

  private final Stores stores;
  private final Clock clock;
  private final EmailCodes codes;
  private final Notifier notifier;
  private final NewUsers newUsers;
  private final SecondSteps secondSteps;
  private final Lockouts lockouts;

  PasswordlessSignIns(
      Stores stores,
      Clock clock,
      EmailCodes codes,
      Notifier notifier,
      NewUsers newUsers,
      SecondSteps secondSteps,
      Lockouts lockouts) {
    this.stores = stores;
    this.clock = clock;
    this.codes = codes;
    this.notifier = notifier;
    this.newUsers = newUsers;
    this.secondSteps = secondSteps;
    this.lockouts = lockouts;
  }

  void request(String email) {
    Mail.requireConfigured(notifier);
    Email address = Email.of(email);
    EmailCodes.Fresh fresh = codes.fresh(codes.config().signInLinkTemplate());
    Instant now = Timestamps.now(clock);
    Notification toSend =
        stores.inTransaction(
            tx -> {
              Optional<User> user = signsInHere(tx.users().findByEmail(address));
              boolean stored =
                  codes.store(
                      tx,
                      EmailCodePurpose.SIGN_IN,
                      address.value(),
                      user.map(User::id),
                      address,
                      fresh,
                      now);
              if (!stored) {
                return null;
              }
              return user.isPresent() || codes.config().createAccountsOnSignIn()
                  ? new Notification.SignInCode(address, fresh.code(), fresh.link())
                  : new Notification.SignInWithoutAccount(address);
            });
    if (toSend != null) {
      notifier.send(toSend);
    }
    log.debug("sign-in code requested: sent={}", toSend != null);
  }

  SignIn withCode(String email, String code, LoginContext context) {
    Objects.requireNonNull(context, "context");
    Email address;
    try {
      address = Email.of(email);
    } catch (dev.usersdk.ValidationException e) {
      throw new InvalidCodeException();
    }
    Instant now = Timestamps.now(clock);
    return finish(
        stores.inTransaction(
            tx ->
                signIn(
                    tx,
                    codes.consume(
                        tx,
                        EmailCodePurpose.SIGN_IN,
                        address.value(),
                        code,
                        now,
                        wrong ->
                            wrong
                                .userId()
                                .ifPresent(
                                    user ->
                                        lockouts.record(
                                            tx,
                                            user,
                                            LoginOutcome.WRONG_EMAIL_CODE,
                                            now,
                                            context))),
                    now,
                    context)));
  }

  SignIn withLink(String token, LoginContext context) {
    Objects.requireNonNull(context, "context");
    Instant now = Timestamps.now(clock);
    return finish(
        stores.inTransaction(
            tx ->
                signIn(
                    tx,
                    codes.consumeLink(tx, EmailCodePurpose.SIGN_IN, token, now),
                    now,
                    context)));
  }

  /** The sign-in of a consumed code, in its transaction: the user found (or made), then checked. */
  private Lockouts.Verdict signIn(
      StoreTransaction tx, Optional<StoredEmailCode> consumed, Instant now, LoginContext context) {
    if (consumed.isEmpty()) {
      return Lockouts.Verdict.of(LoginOutcome.UNKNOWN_ACCOUNT);
    }
    Email address = consumed.get().email();
    Optional<User> found = signsInHere(tx.users().findByEmail(address));
    User user;
    if (found.isPresent()) {
      user = tx.users().findByIdForUpdate(found.get().id()).orElse(null);
      if (user == null || !user.email().equals(Optional.of(address))) {
        return Lockouts.Verdict.of(LoginOutcome.UNKNOWN_ACCOUNT); // changed meanwhile
      }
    } else if (tx.users().findByEmail(address).isPresent()) {
      return Lockouts.Verdict.of(LoginOutcome.UNKNOWN_ACCOUNT); // another issuer's user
    } else if (codes.config().createAccountsOnSignIn()) {
      user = newUsers.insert(tx, NewUser.email(address.value()).emailVerified(true), now, false);
      log.info("user {} created by its first sign-in with an emailed code", user.id());
    } else {
      return Lockouts.Verdict.of(LoginOutcome.UNKNOWN_ACCOUNT);
    }
    if (!user.emailVerified()) {
      // The code proved the address. Whoever held the account before that proof (an account made
      // in the owner's name, ahead of the owner) loses its sessions: the owner's starts here.
      tx.auth().revokeSessionsOf(user.id(), now);
      user = PasswordAccounts.markEmailVerified(tx, user, now);
    }
    return secondSteps.afterFirstFactor(tx, user, now, context);
  }

  /**
   * Only usersdk's own users sign in by emailed code: another issuer's (Auth0) keep that issuer's
   * sign-in and its policies, and are answered as an address without an account.
   */
  private static Optional<User> signsInHere(Optional<User> user) {
    return user.filter(u -> u.authProvider().equals(AuthProvider.PASSWORD));
  }

  private static SignIn finish(Lockouts.Verdict verdict) {
    return switch (verdict.outcome()) {
      case SUCCESS, SECOND_FACTOR_REQUIRED -> Objects.requireNonNull(verdict.signIn(), "signIn");
      case PENDING -> throw new AccountPendingException();
      case DISABLED -> throw new AccountDisabledException();
      default -> throw new InvalidCodeException();
    };
  }
}
