package dev.usersdk.auth.internal;

import dev.usersdk.auth.AccountDisabledException;
import dev.usersdk.auth.AccountPendingException;
import dev.usersdk.auth.AuthMode;
import dev.usersdk.auth.InvalidCodeException;
import dev.usersdk.auth.InvalidTokenException;
import dev.usersdk.auth.LoginContext;
import dev.usersdk.auth.LoginOutcome;
import dev.usersdk.auth.MfaConfig;
import dev.usersdk.auth.Principal;
import dev.usersdk.auth.Session;
import dev.usersdk.auth.SignIn;
import dev.usersdk.internal.Timestamps;
import dev.usersdk.spi.StoreTransaction;
import dev.usersdk.spi.StoredChallenge;
import dev.usersdk.spi.StoredSession;
import dev.usersdk.spi.StoredTotp;
import dev.usersdk.spi.Stores;
import dev.usersdk.user.User;
import dev.usersdk.user.UserId;
import dev.usersdk.user.UserStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The second step of a sign-in, and step-up: a challenge handed out when the first factor was
 * right, completed with a code for a session that carries when the second factor was proved; and a
 * signed-in caller proving it again for a sensitive action. Not API.
 */
final class SecondSteps {
  private final Stores stores;
  private final Clock clock;
  private final Secrets secrets;
  private final MfaConfig config;
  private final SecondFactorService factors;
  private final SessionIssuer issuer;
  private final Lockouts lockouts;

  SecondSteps(
      Stores stores,
      Clock clock,
      Secrets secrets,
      MfaConfig config,
      SecondFactorService factors,
      SessionIssuer issuer,
      Lockouts lockouts) {
    this.stores = stores;
    this.clock = clock;
    this.secrets = secrets;
    this.config = config;
    this.factors = factors;
    this.issuer = issuer;
    this.lockouts = lockouts;
  }

  /**
   * Inside the transaction that accepted the first factor: a challenge for the second, if the user
   * has one; empty if the user signs in with one factor.
   */
  Optional<SignIn.SecondFactorRequired> challengeIfRequired(
      StoreTransaction tx, UserId userId, Instant now) {
    if (!SecondFactorService.required(tx, userId)) {
      return Optional.empty();
    }
    String token = secrets.newToken();
    Instant expires = now.plus(config.challengeTtl());
    tx.secondFactors()
        .insertChallenge(new StoredChallenge(Secrets.tokenHash(token), userId, now, expires));
    return Optional.of(new SignIn.SecondFactorRequired(userId, token, expires));
  }

  /**
   * Inside the transaction that proved a user's first factor (a password, an emailed code), with
   * the user read under its row lock: refuses a pending or disabled user, else hands out a
   * challenge for the second factor, or records the login and opens a one-factor session. Every
   * outcome is recorded in the login attempts.
   */
  Lockouts.Verdict afterFirstFactor(
      StoreTransaction tx, User user, Instant now, LoginContext context) {
    UserId userId = user.id();
    if (user.status() != UserStatus.APPROVED) {
      LoginOutcome outcome =
          user.status() == UserStatus.PENDING ? LoginOutcome.PENDING : LoginOutcome.DISABLED;
      lockouts.record(tx, userId, outcome, now, context);
      return Lockouts.Verdict.of(outcome);
    }
    Optional<SignIn.SecondFactorRequired> challenge = challengeIfRequired(tx, userId, now);
    if (challenge.isPresent()) { // the login is recorded when the second step completes
      lockouts.record(tx, userId, LoginOutcome.SECOND_FACTOR_REQUIRED, now, context);
      return new Lockouts.Verdict(LoginOutcome.SECOND_FACTOR_REQUIRED, challenge.get(), null);
    }
    PasswordAccounts.recordLogin(tx, user, now);
    lockouts.record(tx, userId, LoginOutcome.SUCCESS, now, context);
    return new Lockouts.Verdict(
        LoginOutcome.SUCCESS, new SignIn.Complete(issuer.open(tx, userId, now, context)), null);
  }

  private enum Outcome {
    SIGNED_IN,
    REFUSED,
    PENDING,
    DISABLED
  }

  private record Completed(Outcome outcome, @Nullable Session session) {}

  /**
   * Completes a sign-in with a TOTP or recovery code. A wrong code counts towards the user's
   * cooldown and leaves the challenge usable until it expires; a right one ends it, so of many
   * racing completions one gets a session.
   */
  Session complete(String challenge, String code, LoginContext context) {
    Objects.requireNonNull(context, "context");
    FactorCheck judge = factors.check();
    if (challenge == null
        || challenge.length() > Secrets.MAX_OPAQUE_TOKEN_LENGTH
        || !FactorCheck.presentable(code)) {
      throw new InvalidCodeException();
    }
    String hash = Secrets.tokenHash(challenge);
    Instant now = Timestamps.now(clock);
    Completed completed =
        stores.inTransaction(
            tx -> {
              Optional<StoredChallenge> found = tx.secondFactors().challengeForUpdate(hash);
              if (found.isEmpty() || !now.isBefore(found.get().expiresAt())) {
                return new Completed(Outcome.REFUSED, null);
              }
              UserId userId = found.get().userId();
              Optional<StoredTotp> row = tx.secondFactors().totpForUpdate(userId);
              if (row.isEmpty() || !row.get().enabled()) { // turned off meanwhile: start again
                tx.secondFactors().deleteChallenge(hash);
                return new Completed(Outcome.REFUSED, null);
              }
              FactorCheck.Verdict verdict = judge.judge(tx, row.get(), code, now, true);
              if (!verdict.accepted()) {
                lockouts.record(tx, userId, LoginOutcome.WRONG_SECOND_FACTOR, now, context);
                return new Completed(Outcome.REFUSED, null);
              }
              tx.secondFactors().deleteChallenge(hash);
              User user = tx.users().findByIdForUpdate(userId).orElse(null);
              if (user == null || user.status() == UserStatus.DISABLED) {
                lockouts.record(
                    tx, user == null ? null : userId, LoginOutcome.DISABLED, now, context);
                return new Completed(Outcome.DISABLED, null);
              }
              if (user.status() == UserStatus.PENDING) {
                lockouts.record(tx, userId, LoginOutcome.PENDING, now, context);
                return new Completed(Outcome.PENDING, null);
              }
              PasswordAccounts.recordLogin(tx, user, now);
              lockouts.record(
                  tx,
                  userId,
                  verdict == FactorCheck.Verdict.RECOVERY_CODE
                      ? LoginOutcome.RECOVERY_CODE
                      : LoginOutcome.SUCCESS,
                  now,
                  context);
              return new Completed(
                  Outcome.SIGNED_IN, issuer.open(tx, userId, now, context, Optional.of(now)));
            });
    return switch (completed.outcome()) {
      case SIGNED_IN -> Objects.requireNonNull(completed.session(), "session");
      case REFUSED -> throw new InvalidCodeException();
      case PENDING -> throw new AccountPendingException();
      case DISABLED -> throw new AccountDisabledException();
    };
  }

  /**
   * The caller proves its second factor again: its session records the time, and a new token pair
   * for the same session carries it; the session's earlier unused refresh tokens stop working.
   */
  Session stepUp(Principal caller, String code) {
    Objects.requireNonNull(caller, "caller");
    FactorCheck judge = factors.check();
    if (caller.mode() != AuthMode.PASSWORD || caller.sessionId().isEmpty()) {
      throw new InvalidTokenException("step-up needs a usersdk session");
    }
    if (!FactorCheck.presentable(code)) {
      throw new InvalidCodeException();
    }
    UserId userId = caller.userId();
    UUID sessionId = caller.sessionId().get();
    Instant now = Timestamps.now(clock);
    Optional<Session> session =
        stores.inTransaction(
            tx -> {
              Optional<StoredTotp> row = tx.secondFactors().totpForUpdate(userId);
              if (row.isEmpty() || !row.get().enabled()) {
                return Optional.<Session>empty();
              }
              if (!judge.judge(tx, row.get(), code, now, true).accepted()) {
                lockouts.record(
                    tx, userId, LoginOutcome.WRONG_SECOND_FACTOR, now, LoginContext.NONE);
                return Optional.<Session>empty();
              }
              StoredSession stored = tx.auth().session(sessionId).orElse(null);
              if (stored == null
                  || stored.revokedAt().isPresent()
                  || !stored.userId().equals(userId)) {
                throw new InvalidTokenException("session ended");
              }
              Callers.requireActive(
                  tx.users().findById(userId).orElseThrow(AccountDisabledException::new));
              tx.secondFactors().recordSessionSecondFactor(sessionId, now);
              // The session's earlier refresh tokens would refresh into the new assurance: a copy
              // taken before the step-up must not, so they go; the caller gets the new pair.
              tx.auth().deleteUnusedRefreshTokensOf(sessionId);
              return Optional.of(
                  issuer.issue(tx, userId, sessionId, stored.createdAt(), now, Optional.of(now)));
            });
    return session.orElseThrow(InvalidCodeException::new);
  }
}
