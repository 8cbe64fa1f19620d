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

  /** A new session family with its first refresh token. */
  Session open(StoreTransaction tx, UserId userId, Instant now, LoginContext context) {
    UUID sessionId = ids.next(now);
    tx.auth()
        .insertSession(new StoredSession(sessionId, userId, now, Optional.empty(), now, context));
    return issue(tx, userId, sessionId, now, now);
  }

  /**
   * A new token pair for an existing session; the refresh token is stored by its hash and never
   * outlives the session's absolute lifetime.
   */
  Session issue(
      StoreTransaction tx, UserId userId, UUID sessionId, Instant sessionStart, Instant now) {
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
            Map.of(SESSION_CLAIM, sessionId.toString()));
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

  /** The session a verified access token belongs to. */
  static UUID sessionOf(AccessTokens.Claims claims) {
    return AccessTokens.uuidClaim(claims, SESSION_CLAIM);
  }
}
