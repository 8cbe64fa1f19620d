package dev.usersdk.auth.internal;

import dev.usersdk.auth.LoginContext;
import dev.usersdk.auth.Session;
import dev.usersdk.auth.TokenConfig;
import dev.usersdk.internal.UuidV7;
import dev.usersdk.spi.StoreTransaction;
import dev.usersdk.spi.StoredRefreshToken;
import dev.usersdk.spi.StoredSession;
import dev.usersdk.user.UserId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Opens sessions and issues their token pairs: a signed access token and an opaque refresh token.
 */
final class SessionIssuer {
  private static final String SESSION_CLAIM = "sid";

  /** When the session last proved a second factor, in epoch seconds; absent if it never did. */
  private static final String SECOND_FACTOR_CLAIM = "mfa_at";

  private final AccessTokens tokens;
  private final Secrets secrets;
  private final TokenConfig config;
  private final UuidV7 ids;

  SessionIssuer(AccessTokens tokens, Secrets secrets, TokenConfig config, UuidV7 ids) {
    this.tokens = tokens;
    this.secrets = secrets;
    this.config = config;
    this.ids = ids;
  }

  /** A new session family with its first refresh token, proved by one factor. */
  Session open(StoreTransaction tx, UserId userId, Instant now, LoginContext context) {
    return open(tx, userId, now, context, Optional.empty());
  }

  /**
   * A new session family with its first refresh token.
   *
   * @param secondFactorAt when the sign-in proved a second factor, if it did
   */
  Session open(
      StoreTransaction tx,
      UserId userId,
      Instant now,
      LoginContext context,
      Optional<Instant> secondFactorAt) {
    UUID sessionId = ids.next(now);
    tx.auth()
        .insertSession(
            new StoredSession(
                sessionId, userId, now, Optional.empty(), now, context, secondFactorAt));
    return issue(tx, userId, sessionId, now, now, secondFactorAt);
  }

  /**
   * A new token pair for an existing session; the refresh token is stored by its hash and never
   * outlives the session's absolute lifetime.
   */
  Session issue(
      StoreTransaction tx,
      UserId userId,
      UUID sessionId,
      Instant sessionStart,
      Instant now,
      Optional<Instant> secondFactorAt) {
    String refresh = secrets.newToken();
    Instant idleEnd = now.plus(config.refreshTokenTtl());
    Instant sessionEnd = endOf(sessionStart);
    Instant refreshExpires = idleEnd.isBefore(sessionEnd) ? idleEnd : sessionEnd;
    tx.auth()
        .insertRefreshToken(
            new StoredRefreshToken(
                Secrets.tokenHash(refresh),
                sessionId,
                userId,
                now,
                refreshExpires,
                Optional.empty()));
    String access =
        tokens.mint(
            AccessTokens.ACCESS,
            userId.toString(),
            UUID.randomUUID().toString(),
            now,
            config.accessTokenTtl(),
            secondFactorAt
                .<Map<String, Object>>map(
                    at ->
                        Map.of(
                            SESSION_CLAIM,
                            sessionId.toString(),
                            SECOND_FACTOR_CLAIM,
                            at.getEpochSecond()))
                .orElseGet(() -> Map.of(SESSION_CLAIM, sessionId.toString())));
    return new Session(
        userId,
        access,
        now.plus(config.accessTokenTtl()).truncatedTo(ChronoUnit.SECONDS),
        refresh,
        refreshExpires);
  }

  /** When a session opened at {@code start} ends, however often it is refreshed. */
  Instant endOf(Instant start) {
    return start.plus(config.sessionLifetime());
  }

  /** When the session of a verified access token proved a second factor, if it did. */
  static Optional<Instant> secondFactorOf(AccessTokens.Claims claims) {
    Object value = claims.extra().get(SECOND_FACTOR_CLAIM);
    return value instanceof Number seconds
        ? Optional.of(Instant.ofEpochSecond(seconds.longValue()))
        : Optional.empty();
  }

  /** The session a verified access token belongs to. */
  static UUID sessionOf(AccessTokens.Claims claims) {
    return AccessTokens.uuidClaim(claims, SESSION_CLAIM);
  }
}
