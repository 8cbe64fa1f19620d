package dev.usersdk.auth;

import java.time.Duration;

/**
 * The tokens usersdk issues: their {@code iss} and {@code aud}, their lifetimes, and how far a
 * token's times may be off the local clock. Part of {@link AuthConfig}; checked by its {@link
 * AuthConfig.Builder#build()}.
 *
 * @param issuer {@code iss} of issued tokens
 * @param audience {@code aud} of issued tokens
 * @param accessTokenTtl access token lifetime, at most 30 days
 * @param refreshTokenTtl refresh token lifetime, at most 365 days
 * @param appTokenTtl lifetime of a token of the shared app password, at most 30 days
 * @param sessionLifetime how long a session lasts however often it is refreshed (a refresh token
 *     never outlives it), at most 365 days; {@code refreshTokenTtl} is its idle timeout
 * @param clockSkew how far a token's {@code exp} and {@code nbf} may be off the local clock, at
 *     most 5 minutes
 */
public record TokenConfig(
    String issuer,
    String audience,
    Duration accessTokenTtl,
    Duration refreshTokenTtl,
    Duration appTokenTtl,
    Duration sessionLifetime,
    Duration clockSkew) {
  /** The longest access (and app) token lifetime accepted. */
  public static final Duration MAX_ACCESS_TOKEN_TTL = Duration.ofDays(30);

  /** The longest refresh token lifetime accepted. */
  public static final Duration MAX_REFRESH_TOKEN_TTL = Duration.ofDays(365);

  /** The largest clock skew accepted. */
  public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

  /**
   * Issuer and audience {@code usersdk}; 15 minutes, 30 days, 7 days; sessions of at most 90 days;
   * 30 seconds of skew.
   */
  public static TokenConfig defaults() {
    return new TokenConfig(
        "usersdk",
        "usersdk",
        Duration.ofMinutes(15),
        Duration.ofDays(30),
        Duration.ofDays(7),
        Duration.ofDays(90),
        Duration.ofSeconds(30));
  }

  public TokenConfig withIssuer(String value) {
    return new TokenConfig(
        value, audience, accessTokenTtl, refreshTokenTtl, appTokenTtl, sessionLifetime, clockSkew);
  }

  public TokenConfig withAudience(String value) {
    return new TokenConfig(
        issuer, value, accessTokenTtl, refreshTokenTtl, appTokenTtl, sessionLifetime, clockSkew);
  }

  public TokenConfig withAccessTokenTtl(Duration value) {
    return new TokenConfig(
        issuer, audience, value, refreshTokenTtl, appTokenTtl, sessionLifetime, clockSkew);
  }

  public TokenConfig withRefreshTokenTtl(Duration value) {
    return new TokenConfig(
        issuer, audience, accessTokenTtl, value, appTokenTtl, sessionLifetime, clockSkew);
  }

  public TokenConfig withAppTokenTtl(Duration value) {
    return new TokenConfig(
        issuer, audience, accessTokenTtl, refreshTokenTtl, value, sessionLifetime, clockSkew);
  }

  public TokenConfig withSessionLifetime(Duration value) {
    return new TokenConfig(
        issuer, audience, accessTokenTtl, refreshTokenTtl, appTokenTtl, value, clockSkew);
  }

  public TokenConfig withClockSkew(Duration value) {
    return new TokenConfig(
        issuer, audience, accessTokenTtl, refreshTokenTtl, appTokenTtl, sessionLifetime, value);
  }

  void check() {
    ConfigChecks.requireText(issuer, "issuer");
    ConfigChecks.requireText(audience, "audience");
    ConfigChecks.requirePositive(accessTokenTtl, "accessTokenTtl", MAX_ACCESS_TOKEN_TTL);
    ConfigChecks.requirePositive(refreshTokenTtl, "refreshTokenTtl", MAX_REFRESH_TOKEN_TTL);
    ConfigChecks.requirePositive(appTokenTtl, "appTokenTtl", MAX_ACCESS_TOKEN_TTL);
    ConfigChecks.requirePositive(sessionLifetime, "sessionLifetime", MAX_REFRESH_TOKEN_TTL);
    if (clockSkew == null || clockSkew.isNegative() || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
      throw new dev.usersdk.ConfigurationException(
          "clockSkew must be between 0 and 5 minutes, was " + clockSkew);
    }
  }
}
