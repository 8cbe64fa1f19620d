package dev.usersdk.mirror;

import dev.usersdk.ConfigurationException;
import dev.usersdk.auth.AccountDisabledException;
import dev.usersdk.auth.AccountPendingException;
import dev.usersdk.auth.InvalidTokenException;
import dev.usersdk.auth.TokenConfig;
import dev.usersdk.auth.internal.OwnerTokens;
import dev.usersdk.internal.Timestamps;
import dev.usersdk.user.UserId;
import dev.usersdk.user.UserStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates callers of a service that mirrors another's users: the owner's access tokens are
 * verified here, with the public keys the owner publishes ({@code auth().publicKeys()}, ES256 via
 * {@link dev.usersdk.auth.SigningKeys}), so this service holds nothing that can mint a token; the
 * user is then checked against the mirror on every call, so a user disabled or deleted at the owner
 * is refused as soon as that event is applied here.
 *
 * <p>A verified token is remembered for at most {@link Builder#cacheTtl} (5 minutes by default,
 * never past its expiry), so repeated calls skip the signature check. With {@link
 * Builder#requireFresh}, a call is refused ({@link MirrorStaleException}) whenever the mirror
 * cannot prove it is that fresh: the seeds' "fail closed — deny access if uncertain". Every refusal
 * is logged (without the token). Logging out at the owner does not reach a mirror: an access token
 * stays valid here until it expires (15 minutes by default), as it does at any service that
 * verifies tokens by signature.
 */
public final class MirrorAuthenticator {
  private static final Logger log = LoggerFactory.getLogger(MirrorAuthenticator.class);
  private static final int MAX_CACHED = 100_000;

  private final UserMirror mirror;
  private final OwnerTokens tokens;
  private final Clock clock;
  private final Duration cacheTtl;
  private final @Nullable Duration maxLag;
  private final ConcurrentHashMap<String, Cached> verified = new ConcurrentHashMap<>();

  private record Cached(OwnerTokens.Verified token, Instant until) {}

  private MirrorAuthenticator(Builder builder) {
    this.mirror = builder.mirror;
    this.tokens = OwnerTokens.of(builder.ownerKeys, builder.tokenConfig);
    this.clock = builder.clock;
    this.cacheTtl = builder.cacheTtl;
    this.maxLag = builder.maxLag;
  }

  /**
   * An authenticator over {@code mirror} for the owner's tokens.
   *
   * @param ownerKeys the owner's JWKS document, public keys only
   */
  public static Builder builder(UserMirror mirror, String ownerKeys) {
    return new Builder(
        Objects.requireNonNull(mirror, "mirror"), Objects.requireNonNull(ownerKeys, "ownerKeys"));
  }

  /**
   * The caller of {@code accessToken}, as mirrored here.
   *
   * @throws InvalidTokenException if the token is not a valid access token of the owner, or its
   *     user is unknown here or deleted
   * @throws AccountDisabledException if the user is disabled
   * @throws AccountPendingException if the user is not approved yet
   * @throws MirrorStaleException if freshness is required and the mirror cannot prove it
   */
  public MirroredUser authenticate(String accessToken) {
    Instant now = Timestamps.now(clock);
    try {
      OwnerTokens.Verified token = verify(accessToken, now);
      if (maxLag != null) {
        mirror.requireFresh(maxLag);
      }
      MirroredUser user =
          mirror
              .find(UserId.of(java.util.UUID.fromString(token.subject())))
              .orElseThrow(() -> new InvalidTokenException("the token's user is not known here"));
      if (user.user().status() == UserStatus.DISABLED) {
        throw new AccountDisabledException();
      }
      if (user.user().status() == UserStatus.PENDING) {
        throw new AccountPendingException();
      }
      return user;
    } catch (InvalidTokenException
        | AccountDisabledException
        | AccountPendingException
        | MirrorStaleException e) {
      log.info("mirror: refused a caller: {} ({})", e.code(), e.getMessage());
      throw e;
    } catch (IllegalArgumentException e) {
      log.info("mirror: refused a caller: the token's subject is not a user id");
      throw new InvalidTokenException("the token's subject is not a user id");
    }
  }

  private OwnerTokens.Verified verify(String accessToken, Instant now) {
    if (accessToken == null || accessToken.isBlank()) {
      throw new InvalidTokenException("no token");
    }
    String key = fingerprint(accessToken);
    Cached cached = verified.get(key);
    if (cached != null && now.isBefore(cached.until())) {
      return cached.token();
    }
    OwnerTokens.Verified token = tokens.verify(accessToken, now);
    Instant until = now.plus(cacheTtl);
    if (token.expiresAt().isBefore(until)) {
      until = token.expiresAt();
    }
    if (verified.size() >= MAX_CACHED) {
      verified.values().removeIf(entry -> !now.isBefore(entry.until()));
      if (verified.size() >= MAX_CACHED) {
        verified.clear(); // a flood of distinct tokens: verify afresh rather than grow
      }
    }
    verified.put(key, new Cached(token, until));
    return token;
  }

  /** The cache is keyed by a digest, so it holds no token that could be replayed from a dump. */
  private static String fingerprint(String token) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }

  @Override
  public String toString() {
    return "MirrorAuthenticator[cacheTtl=" + cacheTtl + ", requireFresh=" + maxLag + "]";
  }

  public static final class Builder {
    private final UserMirror mirror;
    private final String ownerKeys;
    private TokenConfig tokenConfig = TokenConfig.defaults();
    private Clock clock = Clock.systemUTC();
    private Duration cacheTtl = Duration.ofMinutes(5);
    private @Nullable Duration maxLag;

    private Builder(UserMirror mirror, String ownerKeys) {
      this.mirror = mirror;
      this.ownerKeys = ownerKeys;
    }

    /** The owner's issuer, audience and clock skew (the defaults match the owner's defaults). */
    public Builder tokens(TokenConfig config) {
      this.tokenConfig = Objects.requireNonNull(config, "config");
      return this;
    }

    /** How long a verified token is remembered: 0 to 5 minutes (default 5). */
    public Builder cacheTtl(Duration ttl) {
      if (ttl == null || ttl.isNegative() || ttl.compareTo(Duration.ofMinutes(5)) > 0) {
        throw new ConfigurationException("cacheTtl must be between 0 and 5 minutes");
      }
      this.cacheTtl = ttl;
      return this;
    }

    /**
     * Refuse every call while the mirror cannot prove it is this fresh ({@link
     * UserMirror#requireFresh}).
     */
    public Builder requireFresh(Duration maxLag) {
      if (maxLag == null || maxLag.isNegative() || maxLag.isZero()) {
        throw new ConfigurationException("requireFresh needs a positive lag");
      }
      this.maxLag = maxLag;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the authenticator.
     *
     * @throws ConfigurationException if the key set holds no public P-256 key, or a private one
     */
    public MirrorAuthenticator build() {
      return new MirrorAuthenticator(this);
    }
  }
}
