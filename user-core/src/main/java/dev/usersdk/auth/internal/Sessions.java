package dev.usersdk.auth.internal;

import dev.usersdk.auth.AccountDisabledException;
import dev.usersdk.auth.AccountPendingException;
import dev.usersdk.auth.EmailCodeConfig;
import dev.usersdk.auth.InvalidTokenException;
import dev.usersdk.auth.Session;
import dev.usersdk.auth.SessionInfo;
import dev.usersdk.internal.Timestamps;
import dev.usersdk.spi.StoreTransaction;
import dev.usersdk.spi.StoredRefreshToken;
import dev.usersdk.spi.StoredSession;
import dev.usersdk.spi.Stores;
import dev.usersdk.user.User;
import dev.usersdk.user.UserId;
import dev.usersdk.user.UserNotFoundException;
import dev.usersdk.user.UserStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions after they open: refresh with rotation, logout, logout everywhere, and the purge of what
 * expired.
 */
final class Sessions {
  private static final Logger log = LoggerFactory.getLogger(Sessions.class);

  private final Stores stores;
  private final Clock clock;
  private final AccessTokens tokens;
  private final SessionIssuer issuer;
  private final Duration attemptRetention;

  Sessions(
      Stores stores,
      Clock clock,
      AccessTokens tokens,
      SessionIssuer issuer,
      Duration attemptRetention) {
    this.stores = stores;
    this.clock = clock;
    this.tokens = tokens;
    this.issuer = issuer;
    this.attemptRetention = attemptRetention;
  }

  private enum RefreshOutcome {
    ISSUED,
    UNKNOWN,
    EXPIRED,
    ENDED,
    REUSED,
    PENDING,
    DISABLED
  }

  private record Refreshed(RefreshOutcome outcome, @Nullable Session session) {
    static Refreshed of(RefreshOutcome outcome) {
      return new Refreshed(outcome, null);
    }
  }

  Session refresh(String refreshToken) {
    String hash = refreshTokenHash(refreshToken);
    Instant now = Timestamps.now(clock);
    Refreshed refreshed =
        stores.inTransaction(
            tx -> {
              Optional<StoredRefreshToken> found = tx.auth().refreshTokenForUpdate(hash);
              if (found.isEmpty()) {
                return Refreshed.of(RefreshOutcome.UNKNOWN);
              }
              StoredRefreshToken token = found.get();
              if (token.usedAt().isPresent() || !tx.auth().markRefreshTokenUsed(hash, now)) {
                // Used twice: one of the two presenters stole it. End the family for both.
                tx.auth().revokeSession(token.sessionId(), now);
                return Refreshed.of(RefreshOutcome.REUSED);
              }
              StoredSession session = tx.auth().session(token.sessionId()).orElse(null);
              if (session == null || session.revokedAt().isPresent()) {
                return Refreshed.of(RefreshOutcome.ENDED);
              }
              // Idle (the token's own lifetime) or past the session's absolute lifetime.
              if (!now.isBefore(token.expiresAt())
                  || !now.isBefore(issuer.endOf(session.createdAt()))) {
                return Refreshed.of(RefreshOutcome.EXPIRED);
              }
              User user = tx.users().findById(token.userId()).orElse(null);
              if (user == null || user.status() == UserStatus.DISABLED) {
                return Refreshed.of(RefreshOutcome.DISABLED);
              }
              if (user.status() == UserStatus.PENDING) {
                return Refreshed.of(RefreshOutcome.PENDING);
              }
              tx.auth().touchSession(session.id(), now);
              return new Refreshed(
                  RefreshOutcome.ISSUED,
                  issuer.issue(
                      tx,
                      token.userId(),
                      session.id(),
                      session.createdAt(),
                      now,
                      session.secondFactorAt()));
            });
    return switch (refreshed.outcome()) {
      case ISSUED -> Objects.requireNonNull(refreshed.session(), "session");
      case REUSED -> {
        log.warn("a refresh token was presented twice: its session was revoked");
        throw new InvalidTokenException("refresh token already used; the session was revoked");
      }
      case EXPIRED -> throw new InvalidTokenException("refresh token expired");
      case ENDED -> throw new InvalidTokenException("session ended");
      case PENDING -> throw new AccountPendingException();
      case DISABLED -> throw new AccountDisabledException();
      case UNKNOWN -> throw new InvalidTokenException("refresh token unknown");
    };
  }

  /**
   * Ends the session of this access token: the token and its refresh tokens stop working. An
   * expired token still ends its session (its refresh token would otherwise live on).
   */
  void logout(String accessToken) {
    AccessTokens.Claims claims =
        tokens.verify(accessToken, AccessTokens.ACCESS, clock.instant(), true);
    UUID sessionId = SessionIssuer.sessionOf(claims);
    Instant now = Timestamps.now(clock);
    stores.inTransaction(
        tx -> {
          tx.auth().revokeToken(claims.jwtId(), claims.expiresAt());
          tx.auth().revokeSession(sessionId, now);
          return null;
        });
  }

  /** What a refresh token is stored under; junk is refused unhashed. */
  private static String refreshTokenHash(String refreshToken) {
    if (refreshToken == null
        || refreshToken.isBlank()
        || refreshToken.length() > Secrets.MAX_OPAQUE_TOKEN_LENGTH) {
      throw new InvalidTokenException("refresh token unknown");
    }
    return Secrets.tokenHash(refreshToken);
  }

  /** Ends the session of this refresh token. */
  void logoutRefreshToken(String refreshToken) {
    String hash = refreshTokenHash(refreshToken);
    Instant now = Timestamps.now(clock);
    stores.inTransaction(
        tx -> {
          StoredRefreshToken token =
              tx.auth()
                  .refreshTokenForUpdate(hash)
                  .orElseThrow(() -> new InvalidTokenException("refresh token unknown"));
          tx.auth().revokeSession(token.sessionId(), now);
          return null;
        });
  }

  /** The user's active sessions, most recently used first; {@code current} is marked. */
  List<SessionInfo> list(UserId userId, @Nullable UUID current) {
    Objects.requireNonNull(userId, "userId");
    return stores.read(tx -> tx.auth().activeSessionsOf(userId)).stream()
        .map(
            s ->
                new SessionInfo(
                    s.id(),
                    s.createdAt(),
                    s.lastUsedAt(),
                    issuer.endOf(s.createdAt()),
                    s.context().clientAddress(),
                    s.context().userAgent(),
                    s.id().equals(current)))
        .toList();
  }

  /** Ends every session of the user but {@code keep} ("sign out other devices"). */
  int endOthers(UserId userId, UUID keep) {
    Instant now = Timestamps.now(clock);
    int ended = stores.inTransaction(tx -> tx.auth().revokeOtherSessionsOf(userId, keep, now));
    log.info("user {} signed out {} other session(s)", userId, ended);
    return ended;
  }

  /** Ends one of the user's sessions; {@code false} if it has no such active session. */
  boolean endSession(UserId userId, UUID sessionId) {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(sessionId, "sessionId");
    Instant now = Timestamps.now(clock);
    return stores.inTransaction(tx -> tx.auth().revokeSessionOf(userId, sessionId, now));
  }

  void logoutEverywhere(UserId userId) {
    logoutEverywhere(userId, (tx, now, ended) -> {});
  }

  /** What else happens in the transaction that ended a user's sessions. */
  interface AfterLogout {
    void ended(StoreTransaction tx, Instant now, int sessions);
  }

  /** Ends every session of the user; {@code after} runs in the same transaction. */
  void logoutEverywhere(UserId userId, AfterLogout after) {
    Objects.requireNonNull(userId, "userId");
    Instant now = Timestamps.now(clock);
    int ended =
        stores.inTransaction(
            tx -> {
              if (tx.users().findById(userId).isEmpty()) {
                throw new UserNotFoundException(userId);
              }
              tx.secondFactors().deleteChallengesOf(userId); // half-done sign-ins end too
              int revoked = tx.auth().revokeSessionsOf(userId, now);
              after.ended(tx, now, revoked);
              return revoked;
            });
    log.info("user {} logged out everywhere: {} session(s) ended", userId, ended);
  }

  /** Deletes expired revocations, tokens, registrations and old attempts; returns how many rows. */
  int purgeExpired() {
    Instant now = Timestamps.now(clock);
    return stores.inTransaction(
        tx ->
            tx.auth().purgeExpired(now, now.minus(attemptRetention))
                + tx.secondFactors().purgeExpiredChallenges(now)
                + tx.emailCodes()
                    .purgeExpiredEmailCodes(now, now.minus(EmailCodeConfig.CAP_WINDOW)));
  }
}
