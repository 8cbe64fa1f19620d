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
import dev.usersdk.user.UserStatus;
import dev.usersdk.user.internal.NewUsers;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
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
  private final SessionIssuer issuer;
  private final SecondSteps secondSteps;
  private final Lockouts lockouts;

  PasswordlessSignIns(
      Stores stores,
      Clock clock,
      EmailCodes codes,
      Notifier notifier,
      NewUsers newUsers,
      SessionIssuer issuer,
      SecondSteps secondSteps,
      Lockouts lockouts) {
    this.stores = stores;
    this.clock = clock;
    this.codes = codes;
    this.notifier = notifier;
    this.newUsers = newUsers;
    this.issuer = issuer;
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

  private record Outcome(LoginOutcome outcome, @Nullable SignIn signIn) {}

  /** The sign-in of a consumed code, in its transaction: the user found (or made), then checked. */
  private Outcome signIn(
      StoreTransaction tx, Optional<StoredEmailCode> consumed, Instant now, LoginContext context) {
    if (consumed.isEmpty()) {
      return new Outcome(LoginOutcome.UNKNOWN_ACCOUNT, null);
    }
    Email address = consumed.get().email();
    Optional<User> found = signsInHere(tx.users().findByEmail(address));
    User user;
    if (found.isPresent()) {
      user = tx.users().findByIdForUpdate(found.get().id()).orElse(null);
      if (user == null || !user.email().equals(Optional.of(address))) {
        return new Outcome(LoginOutcome.UNKNOWN_ACCOUNT, null); // changed meanwhile
      }
    } else if (tx.users().findByEmail(address).isPresent()) {
      return new Outcome(LoginOutcome.UNKNOWN_ACCOUNT, null); // another issuer's user
    } else if (codes.config().createAccountsOnSignIn()) {
      user = newUsers.insert(tx, NewUser.email(address.value()).emailVerified(true), now, false);
      log.info("user {} created by its first sign-in with an emailed code", user.id());
    } else {
      return new Outcome(LoginOutcome.UNKNOWN_ACCOUNT, null);
    }
    if (!user.emailVerified()) {
      // The code proved the address. Whoever held the account before that proof (an account made
      // in the owner's name, ahead of the owner) loses its sessions: the owner's starts here.
      User verified =
          user.toBuilder().emailVerified(true).updatedAt(now).version(user.version() + 1).build();
      PasswordAccounts.writeLocked(tx, verified, user);
      tx.auth().revokeSessionsOf(user.id(), now);
      user = verified;
    }
    if (user.status() != UserStatus.APPROVED) {
      LoginOutcome outcome =
          user.status() == UserStatus.PENDING ? LoginOutcome.PENDING : LoginOutcome.DISABLED;
      lockouts.record(tx, user.id(), outcome, now, context);
      return new Outcome(outcome, null);
    }
    Optional<SignIn.SecondFactorRequired> challenge =
        secondSteps.challengeIfRequired(tx, user.id(), now);
    if (challenge.isPresent()) {
      lockouts.record(tx, user.id(), LoginOutcome.SECOND_FACTOR_REQUIRED, now, context);
      return new Outcome(LoginOutcome.SECOND_FACTOR_REQUIRED, challenge.get());
    }
    PasswordAccounts.recordLogin(tx, user, now);
    lockouts.record(tx, user.id(), LoginOutcome.SUCCESS, now, context);
    return new Outcome(
        LoginOutcome.SUCCESS, new SignIn.Complete(issuer.open(tx, user.id(), now, context)));
  }

  /**
   * Only usersdk's own users sign in by emailed code: another issuer's (Auth0) keep that issuer's
   * sign-in and its policies, and are answered as an address without an account.
   */
  private static Optional<User> signsInHere(Optional<User> user) {
    return user.filter(u -> u.authProvider().equals(AuthProvider.PASSWORD));
  }

  private static SignIn finish(Outcome outcome) {
    return switch (outcome.outcome()) {
      case SUCCESS, SECOND_FACTOR_REQUIRED -> Objects.requireNonNull(outcome.signIn(), "signIn");
      case PENDING -> throw new AccountPendingException();
      case DISABLED -> throw new AccountDisabledException();
      default -> throw new InvalidCodeException();
    };
  }
}
