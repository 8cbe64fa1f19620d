package dev.usersdk.auth.internal;

import dev.usersdk.ValidationException;
import dev.usersdk.auth.AccountDisabledException;
import dev.usersdk.auth.AccountPendingException;
import dev.usersdk.auth.InvalidCredentialsException;
import dev.usersdk.auth.LockoutConfig;
import dev.usersdk.auth.LoginAttempt;
import dev.usersdk.auth.LoginContext;
import dev.usersdk.auth.LoginOutcome;
import dev.usersdk.auth.SignIn;
import dev.usersdk.internal.Timestamps;
import dev.usersdk.internal.UuidV7;
import dev.usersdk.observe.Observer;
import dev.usersdk.spi.StoreTransaction;
import dev.usersdk.spi.StoredCredentials;
import dev.usersdk.spi.Stores;
import dev.usersdk.user.UserId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brute-force protection per account, after Keycloak's: failures are counted in a window; reaching
 * the limit locks the account, and every further failure in the window locks it again for twice as
 * long, up to a maximum. A successful login (or a password change) starts over. Every attempt is
 * recorded.
 */
final class Lockouts {
  private static final Logger log = LoggerFactory.getLogger(Lockouts.class);
  private static final int MAX_ATTEMPTS_LISTED = 1000;
  static final int FREE_APP_FAILURES = 5;
  static final Duration APP_FAILURE_WINDOW = Duration.ofMinutes(15);
  private static final Duration MAX_APP_LOCK = Duration.ofMinutes(15);
  private static final int MAX_APP_FAILURES_READ = 100;

  private final Observer observer;
  private final Stores stores;
  private final LockoutConfig config;
  private final Clock clock;
  private final UuidV7 ids;

  Lockouts(Stores stores, LockoutConfig config, Clock clock, UuidV7 ids, Observer observer) {
    this.observer = observer;
    this.stores = stores;
    this.config = config;
    this.clock = clock;
    this.ids = ids;
  }

  /**
   * Why a password check ended as it did; a session, or a challenge for the second factor, when it
   * succeeded.
   */
  /**
   * What a check came to; {@code lockedNow} when this refusal locked the account (told to the
   * observer once the transaction has committed, so a retried one counts once).
   */
  record Verdict(
      LoginOutcome outcome,
      @Nullable SignIn signIn,
      @Nullable Duration retryAfter,
      boolean lockedNow) {
    Verdict(LoginOutcome outcome, @Nullable SignIn signIn, @Nullable Duration retryAfter) {
      this(outcome, signIn, retryAfter, false);
    }

    static Verdict of(LoginOutcome outcome) {
      return new Verdict(outcome, null, null);
    }
  }

  static boolean isLocked(StoredCredentials credentials, Instant now) {
    return credentials.lockedUntil().map(now::isBefore).orElse(false);
  }

  static StoredCredentials cleared(StoredCredentials c, Instant now) {
    return StoredCredentials.of(c.userId(), c.passwordHash(), now);
  }

  /** The sign-in of a successful check; the typed refusal of any other. */
  SignIn finish(Verdict verdict) {
    if (verdict.lockedNow()) {
      observer.lockedOut();
    }
    return switch (verdict.outcome()) {
      case SUCCESS, SECOND_FACTOR_REQUIRED -> Objects.requireNonNull(verdict.signIn(), "signIn");
      case PENDING -> throw new AccountPendingException();
      case DISABLED -> throw new AccountDisabledException();
      case LOCKED ->
          throw new InvalidCredentialsException(
              config.revealRetryAfter() ? verdict.retryAfter() : null);
      case WRONG_PASSWORD, UNKNOWN_ACCOUNT, WRONG_APP_PASSWORD ->
          throw new InvalidCredentialsException();
      case WRONG_SECOND_FACTOR, RECOVERY_CODE, WRONG_EMAIL_CODE ->
          throw new IllegalStateException("not an outcome of a password check");
    };
  }

  void record(
      StoreTransaction tx,
      @Nullable UserId userId,
      LoginOutcome outcome,
      Instant now,
      LoginContext context) {
    tx.auth()
        .recordAttempt(
            new LoginAttempt(
                ids.next(now),
                Optional.ofNullable(userId),
                outcome,
                now,
                context.clientAddress(),
                context.userAgent()));
  }

  /**
   * Records a refused check under the credentials' row lock: a locked account only logs the
   * attempt; otherwise the failure counts towards the lockout.
   */
  Verdict refuse(
      StoreTransaction tx, StoredCredentials credentials, Instant now, LoginContext context) {
    UserId userId = credentials.userId();
    if (isLocked(credentials, now)) {
      record(tx, userId, LoginOutcome.LOCKED, now, context);
      return new Verdict(
          LoginOutcome.LOCKED, null, Duration.between(now, credentials.lockedUntil().get()));
    }
    StoredCredentials failed = recordFailure(credentials, now);
    tx.auth().saveCredentials(failed);
    record(tx, userId, LoginOutcome.WRONG_PASSWORD, now, context);
    if (failed.lockouts() > credentials.lockouts()) {
      log.warn(
          "account {} locked until {} after {} failed logins",
          userId,
          failed.lockedUntil().get(),
          config.maxFailedLogins());
      return new Verdict(LoginOutcome.WRONG_PASSWORD, null, null, true);
    }
    return Verdict.of(LoginOutcome.WRONG_PASSWORD);
  }

  /**
   * A failed check outside login (a password change) counts towards the lockout like a failed
   * login.
   */
  Verdict refuseOutsideLogin(UserId userId, StoredCredentials seen, LoginContext context) {
    Instant now = Timestamps.now(clock);
    return stores.inTransaction(
        tx -> refuse(tx, tx.auth().credentialsForUpdate(userId).orElse(seen), now, context));
  }

  /**
   * Refuses an app-password attempt from a client address that failed too often: from the {@value
   * #FREE_APP_FAILURES}th failure in {@link #APP_FAILURE_WINDOW}, each further failure locks the
   * address for twice as long (1 minute, 2, 4 ... at most 15). Per address, so one attacker cannot
   * lock everyone else out; callers that pass no address share one allowance.
   *
   * @throws InvalidCredentialsException while the address is locked, before any hashing
   */
  void requireAppPasswordAllowed(LoginContext context, Instant now) {
    List<Instant> failures =
        stores.read(
            tx ->
                tx.auth()
                    .attemptTimes(
                        context.clientAddress().orElse(null),
                        LoginOutcome.WRONG_APP_PASSWORD,
                        now.minus(APP_FAILURE_WINDOW),
                        MAX_APP_FAILURES_READ));
    int over = failures.size() - FREE_APP_FAILURES;
    if (over < 0) {
      return;
    }
    Duration doubled = Duration.ofMinutes(1L << Math.min(over, 4)); // 1, 2, 4, 8, 16 minutes
    Duration wait = doubled.compareTo(MAX_APP_LOCK) < 0 ? doubled : MAX_APP_LOCK;
    Instant lockedUntil = failures.get(0).plus(wait);
    if (now.isBefore(lockedUntil)) {
      throw new InvalidCredentialsException(
          config.revealRetryAfter() ? Duration.between(now, lockedUntil) : null);
    }
  }

  void recordAppPasswordFailure(LoginContext context, Instant now) {
    stores.inTransaction(
        tx -> {
          record(tx, null, LoginOutcome.WRONG_APP_PASSWORD, now, context);
          return null;
        });
  }

  List<LoginAttempt> attempts(UserId userId, int limit) {
    Objects.requireNonNull(userId, "userId");
    if (limit < 1 || limit > MAX_ATTEMPTS_LISTED) {
      throw new ValidationException(
          "limit", "limit must be between 1 and " + MAX_ATTEMPTS_LISTED + ", was " + limit);
    }
    return stores.inTransaction(tx -> tx.auth().attempts(userId, limit));
  }

  void unlock(UserId userId) {
    Objects.requireNonNull(userId, "userId");
    Instant now = Timestamps.now(clock);
    stores.inTransaction(
        tx -> {
          tx.auth()
              .credentialsForUpdate(userId)
              .ifPresent(credentials -> tx.auth().saveCredentials(cleared(credentials, now)));
          return null;
        });
  }

  private StoredCredentials recordFailure(StoredCredentials c, Instant now) {
    boolean windowOpen =
        c.windowStartedAt()
            .map(start -> now.isBefore(start.plus(config.failureWindow())))
            .orElse(false);
    int failures = windowOpen ? c.failedAttempts() + 1 : 1;
    Instant windowStart = windowOpen ? c.windowStartedAt().get() : now;
    int lockouts = c.lockouts();
    Optional<Instant> lockedUntil = c.lockedUntil();
    if (failures >= config.maxFailedLogins()) {
      lockouts++;
      lockedUntil = Optional.of(now.plus(lockDuration(lockouts)));
    }
    return new StoredCredentials(
        c.userId(),
        c.passwordHash(),
        failures,
        Optional.of(windowStart),
        lockouts,
        lockedUntil,
        now);
  }

  /** first, 2 x first, 4 x first, ... capped at the maximum. */
  private Duration lockDuration(int lockouts) {
    Duration wait = config.firstLockout();
    for (int i = 1; i < lockouts && wait.compareTo(config.maxLockout()) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(config.maxLockout()) > 0 ? config.maxLockout() : wait;
  }
}
