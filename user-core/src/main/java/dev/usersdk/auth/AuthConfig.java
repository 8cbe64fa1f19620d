package dev.usersdk.auth;

import dev.usersdk.ConfigurationException;
import dev.usersdk.ValidationException;
import dev.usersdk.user.Email;
import dev.usersdk.user.UserId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The authentication settings of a client: modes, the JWT secret and token lifetimes, lockout,
 * registration codes, password reset and hashing limits. Immutable; part of
 * {@link dev.usersdk.UserSdkConfig}, which checks the secret and the modes against the environment.
 *
 * <table>
 *   <caption>Variables (read by {@code UserSdkConfig.fromEnv()})</caption>
 *   <tr><th>variable</th><th>meaning</th><th>default</th></tr>
 *   <tr><td>{@code USER_SDK_AUTH_MODE}</td><td>{@code password}, {@code auth0}, {@code none}; comma-separated for several</td><td>{@code password}</td></tr>
 *   <tr><td>{@code USER_SDK_JWT_SECRET}</td><td>HS256 key, at least 32 bytes; {@code base64:...} for binary keys</td><td>none (required in production)</td></tr>
 *   <tr><td>{@code USER_SDK_JWT_ISSUER} / {@code USER_SDK_JWT_AUDIENCE}</td><td>{@code iss} / {@code aud} of issued tokens</td><td>{@code usersdk}</td></tr>
 *   <tr><td>{@code USER_SDK_ACCESS_TOKEN_TTL}</td><td>access token lifetime (ISO-8601, e.g. {@code PT15M}, or seconds), at most 30 days</td><td>15 minutes</td></tr>
 *   <tr><td>{@code USER_SDK_REFRESH_TOKEN_TTL}</td><td>refresh token lifetime</td><td>30 days</td></tr>
 *   <tr><td>{@code USER_SDK_LEGACY_OWNER_ID}</td><td>an existing user the first confirmed registration attaches to</td><td>none</td></tr>
 *   <tr><td>{@code USER_SDK_NO_AUTH_EMAIL}</td><td>the local user of {@code none} mode</td><td>{@code dev@localhost.localdomain}</td></tr>
 *   <tr><td>{@code USER_SDK_RESET_LINK_TEMPLATE}</td><td>the reset link, with {@code {token}}</td><td>none (reset needs it)</td></tr>
 * </table>
 */
public final class AuthConfig {
  public static final String AUTH_MODE = "USER_SDK_AUTH_MODE";
  public static final String JWT_SECRET = "USER_SDK_JWT_SECRET";
  public static final String JWT_ISSUER = "USER_SDK_JWT_ISSUER";
  public static final String JWT_AUDIENCE = "USER_SDK_JWT_AUDIENCE";
  public static final String ACCESS_TOKEN_TTL = "USER_SDK_ACCESS_TOKEN_TTL";
  public static final String REFRESH_TOKEN_TTL = "USER_SDK_REFRESH_TOKEN_TTL";
  public static final String LEGACY_OWNER_ID = "USER_SDK_LEGACY_OWNER_ID";
  public static final String NO_AUTH_EMAIL = "USER_SDK_NO_AUTH_EMAIL";
  public static final String RESET_LINK_TEMPLATE = "USER_SDK_RESET_LINK_TEMPLATE";

  /** 256 bits: RFC 7518 requires an HS256 key at least as long as the hash. */
  public static final int MIN_SECRET_BYTES = 32;
  public static final Duration MAX_ACCESS_TOKEN_TTL = Duration.ofDays(30);
  public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

  private final List<AuthMode> modes;
  private final byte[] jwtSecret;
  private final String issuer;
  private final String audience;
  private final Duration accessTokenTtl;
  private final Duration refreshTokenTtl;
  private final Duration appTokenTtl;
  private final Duration clockSkew;
  private final int maxFailedLogins;
  private final Duration failureWindow;
  private final Duration firstLockout;
  private final Duration maxLockout;
  private final boolean revealRetryAfter;
  private final Duration codeTtl;
  private final int maxCodeAttempts;
  private final Duration resendCooldown;
  private final Duration resetTokenTtl;
  private final String resetLinkTemplate;
  private final UserId legacyOwnerId;
  private final Email noAuthEmail;
  private final int maxConcurrentHashes;
  private final Duration hashingWait;
  private final Duration attemptRetention;

  private AuthConfig(Builder b) {
    this.modes = List.copyOf(b.modes);
    this.jwtSecret = b.jwtSecret == null ? null : b.jwtSecret.clone();
    this.issuer = b.issuer;
    this.audience = b.audience;
    this.accessTokenTtl = b.accessTokenTtl;
    this.refreshTokenTtl = b.refreshTokenTtl;
    this.appTokenTtl = b.appTokenTtl;
    this.clockSkew = b.clockSkew;
    this.maxFailedLogins = b.maxFailedLogins;
    this.failureWindow = b.failureWindow;
    this.firstLockout = b.firstLockout;
    this.maxLockout = b.maxLockout;
    this.revealRetryAfter = b.revealRetryAfter;
    this.codeTtl = b.codeTtl;
    this.maxCodeAttempts = b.maxCodeAttempts;
    this.resendCooldown = b.resendCooldown;
    this.resetTokenTtl = b.resetTokenTtl;
    this.resetLinkTemplate = b.resetLinkTemplate;
    this.legacyOwnerId = b.legacyOwnerId;
    this.noAuthEmail = b.noAuthEmail;
    this.maxConcurrentHashes = b.maxConcurrentHashes;
    this.hashingWait = b.hashingWait;
    this.attemptRetention = b.attemptRetention;
  }

  public static Builder builder() {
    return new Builder();
  }

  public static AuthConfig defaults() {
    return builder().build();
  }

  /** Reads the variables in the table above; unset ones keep their defaults. */
  public static AuthConfig fromMap(Map<String, String> settings) {
    Builder b = builder();
    String modes = value(settings, AUTH_MODE);
    if (modes != null) {
      List<AuthMode> parsed = Arrays.stream(modes.split(",")).map(String::strip).filter(s -> !s.isEmpty())
          .map(AuthConfig::parseMode).toList();
      b.modes(parsed.toArray(AuthMode[]::new));
    }
    String secret = value(settings, JWT_SECRET);
    if (secret != null) {
      b.jwtSecret(parseSecret(secret));
    }
    String issuer = value(settings, JWT_ISSUER);
    if (issuer != null) {
      b.issuer(issuer);
    }
    String audience = value(settings, JWT_AUDIENCE);
    if (audience != null) {
      b.audience(audience);
    }
    String access = value(settings, ACCESS_TOKEN_TTL);
    if (access != null) {
      b.accessTokenTtl(parseDuration(ACCESS_TOKEN_TTL, access));
    }
    String refresh = value(settings, REFRESH_TOKEN_TTL);
    if (refresh != null) {
      b.refreshTokenTtl(parseDuration(REFRESH_TOKEN_TTL, refresh));
    }
    String owner = value(settings, LEGACY_OWNER_ID);
    if (owner != null) {
      try {
        b.legacyOwnerId(UserId.parse(owner));
      } catch (ValidationException e) {
        throw new ConfigurationException(LEGACY_OWNER_ID + " must be a user id (UUID), was '" + owner + "'");
      }
    }
    String email = value(settings, NO_AUTH_EMAIL);
    if (email != null) {
      try {
        b.noAuthEmail(Email.of(email));
      } catch (ValidationException e) {
        throw new ConfigurationException(NO_AUTH_EMAIL + " must be an email address");
      }
    }
    String template = value(settings, RESET_LINK_TEMPLATE);
    if (template != null) {
      b.resetLinkTemplate(template);
    }
    return b.build();
  }

  /** The accepted modes, primary first. */
  public List<AuthMode> modes() {
    return modes;
  }

  /** The primary mode: the first configured. */
  public AuthMode primaryMode() {
    return modes.get(0);
  }

  public boolean accepts(AuthMode mode) {
    return modes.contains(mode);
  }

  /** The HS256 key; empty if none was configured (development then generates one per process). */
  public Optional<byte[]> jwtSecret() {
    return Optional.ofNullable(jwtSecret).map(byte[]::clone);
  }

  public String issuer() {
    return issuer;
  }

  public String audience() {
    return audience;
  }

  public Duration accessTokenTtl() {
    return accessTokenTtl;
  }

  public Duration refreshTokenTtl() {
    return refreshTokenTtl;
  }

  /** How long a token of the shared app password lasts. */
  public Duration appTokenTtl() {
    return appTokenTtl;
  }

  /** How far a token's {@code exp} and {@code nbf} may be off the local clock. */
  public Duration clockSkew() {
    return clockSkew;
  }

  /** Wrong passwords within {@link #failureWindow()} that lock the account. */
  public int maxFailedLogins() {
    return maxFailedLogins;
  }

  public Duration failureWindow() {
    return failureWindow;
  }

  /** The first lockout's length; each further one doubles, up to {@link #maxLockout()}. */
  public Duration firstLockout() {
    return firstLockout;
  }

  public Duration maxLockout() {
    return maxLockout;
  }

  /** Whether a locked account's {@link InvalidCredentialsException} tells when to retry (default: no). */
  public boolean revealRetryAfter() {
    return revealRetryAfter;
  }

  public Duration codeTtl() {
    return codeTtl;
  }

  public int maxCodeAttempts() {
    return maxCodeAttempts;
  }

  public Duration resendCooldown() {
    return resendCooldown;
  }

  public Duration resetTokenTtl() {
    return resetTokenTtl;
  }

  public Optional<String> resetLinkTemplate() {
    return Optional.ofNullable(resetLinkTemplate);
  }

  public Optional<UserId> legacyOwnerId() {
    return Optional.ofNullable(legacyOwnerId);
  }

  public Email noAuthEmail() {
    return noAuthEmail;
  }

  /** How many password hashes may run at once (each Argon2id hash takes 19 MiB). */
  public int maxConcurrentHashes() {
    return maxConcurrentHashes;
  }

  /** How long a login waits for a hashing slot before a retryable failure. */
  public Duration hashingWait() {
    return hashingWait;
  }

  /** How long login attempts are kept. */
  public Duration attemptRetention() {
    return attemptRetention;
  }

  /** This configuration with another secret; used when development generates one. */
  public AuthConfig withJwtSecret(byte[] secret) {
    return toBuilder().jwtSecret(secret).build();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.modes = new LinkedHashSet<>(modes);
    b.jwtSecret = jwtSecret;
    b.issuer = issuer;
    b.audience = audience;
    b.accessTokenTtl = accessTokenTtl;
    b.refreshTokenTtl = refreshTokenTtl;
    b.appTokenTtl = appTokenTtl;
    b.clockSkew = clockSkew;
    b.maxFailedLogins = maxFailedLogins;
    b.failureWindow = failureWindow;
    b.firstLockout = firstLockout;
    b.maxLockout = maxLockout;
    b.revealRetryAfter = revealRetryAfter;
    b.codeTtl = codeTtl;
    b.maxCodeAttempts = maxCodeAttempts;
    b.resendCooldown = resendCooldown;
    b.resetTokenTtl = resetTokenTtl;
    b.resetLinkTemplate = resetLinkTemplate;
    b.legacyOwnerId = legacyOwnerId;
    b.noAuthEmail = noAuthEmail;
    b.maxConcurrentHashes = maxConcurrentHashes;
    b.hashingWait = hashingWait;
    b.attemptRetention = attemptRetention;
    return b;
  }

  @Override
  public String toString() {
    return "AuthConfig[modes=" + modes + ", jwtSecret=" + (jwtSecret == null ? "none" : "(set)") + ", issuer=" + issuer
        + ", audience=" + audience + ", accessTokenTtl=" + accessTokenTtl + ", refreshTokenTtl=" + refreshTokenTtl
        + ", maxFailedLogins=" + maxFailedLogins + ", failureWindow=" + failureWindow + "]";
  }

  /** Builds an {@link AuthConfig}; {@link #build()} checks every value and names the bad one. */
  public static final class Builder {
    private Set<AuthMode> modes = new LinkedHashSet<>(List.of(AuthMode.PASSWORD));
    private byte[] jwtSecret;
    private String issuer = "usersdk";
    private String audience = "usersdk";
    private Duration accessTokenTtl = Duration.ofMinutes(15);
    private Duration refreshTokenTtl = Duration.ofDays(30);
    private Duration appTokenTtl = Duration.ofDays(7);
    private Duration clockSkew = Duration.ofSeconds(30);
    private int maxFailedLogins = 10;
    private Duration failureWindow = Duration.ofMinutes(15);
    private Duration firstLockout = Duration.ofMinutes(1);
    private Duration maxLockout = Duration.ofMinutes(15);
    private boolean revealRetryAfter;
    private Duration codeTtl = Duration.ofMinutes(15);
    private int maxCodeAttempts = 5;
    private Duration resendCooldown = Duration.ofSeconds(60);
    private Duration resetTokenTtl = Duration.ofHours(1);
    private String resetLinkTemplate;
    private UserId legacyOwnerId;
    private Email noAuthEmail = Email.of("dev@localhost.localdomain");
    private int maxConcurrentHashes = Math.max(2, Runtime.getRuntime().availableProcessors());
    private Duration hashingWait = Duration.ofSeconds(5);
    private Duration attemptRetention = Duration.ofDays(90);

    private Builder() {}

    /** The accepted modes, primary first. Default: {@code PASSWORD}. */
    public Builder modes(AuthMode... modes) {
      if (modes.length == 0) {
        throw new ConfigurationException("at least one auth mode must be given");
      }
      this.modes = new LinkedHashSet<>(Arrays.asList(modes));
      return this;
    }

    /** The HS256 key for access tokens, at least 32 bytes. */
    public Builder jwtSecret(byte[] secret) {
      this.jwtSecret = secret == null ? null : secret.clone();
      return this;
    }

    public Builder issuer(String issuer) { this.issuer = issuer; return this; }
    public Builder audience(String audience) { this.audience = audience; return this; }
    public Builder accessTokenTtl(Duration ttl) { this.accessTokenTtl = ttl; return this; }
    public Builder refreshTokenTtl(Duration ttl) { this.refreshTokenTtl = ttl; return this; }
    public Builder appTokenTtl(Duration ttl) { this.appTokenTtl = ttl; return this; }
    public Builder clockSkew(Duration skew) { this.clockSkew = skew; return this; }
    public Builder maxFailedLogins(int max) { this.maxFailedLogins = max; return this; }
    public Builder failureWindow(Duration window) { this.failureWindow = window; return this; }
    public Builder firstLockout(Duration lockout) { this.firstLockout = lockout; return this; }
    public Builder maxLockout(Duration lockout) { this.maxLockout = lockout; return this; }
    public Builder revealRetryAfter(boolean reveal) { this.revealRetryAfter = reveal; return this; }
    public Builder codeTtl(Duration ttl) { this.codeTtl = ttl; return this; }
    public Builder maxCodeAttempts(int max) { this.maxCodeAttempts = max; return this; }
    public Builder resendCooldown(Duration cooldown) { this.resendCooldown = cooldown; return this; }
    public Builder resetTokenTtl(Duration ttl) { this.resetTokenTtl = ttl; return this; }
    /** The link sent for a password reset; {@code {token}} is replaced by the token. */
    public Builder resetLinkTemplate(String template) { this.resetLinkTemplate = template; return this; }
    public Builder legacyOwnerId(UserId owner) { this.legacyOwnerId = owner; return this; }
    public Builder noAuthEmail(Email email) { this.noAuthEmail = email; return this; }
    public Builder maxConcurrentHashes(int max) { this.maxConcurrentHashes = max; return this; }
    public Builder hashingWait(Duration wait) { this.hashingWait = wait; return this; }
    public Builder attemptRetention(Duration retention) { this.attemptRetention = retention; return this; }

    /** @throws ConfigurationException naming the first bad setting */
    public AuthConfig build() {
      requireText(issuer, "issuer");
      requireText(audience, "audience");
      requirePositive(accessTokenTtl, "accessTokenTtl");
      if (accessTokenTtl.compareTo(MAX_ACCESS_TOKEN_TTL) > 0) {
        throw new ConfigurationException("accessTokenTtl must be at most 30 days, was " + accessTokenTtl);
      }
      requirePositive(refreshTokenTtl, "refreshTokenTtl");
      requirePositive(appTokenTtl, "appTokenTtl");
      if (appTokenTtl.compareTo(MAX_ACCESS_TOKEN_TTL) > 0) {
        throw new ConfigurationException("appTokenTtl must be at most 30 days, was " + appTokenTtl);
      }
      Objects.requireNonNull(clockSkew, "clockSkew");
      if (clockSkew.isNegative() || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
        throw new ConfigurationException("clockSkew must be between 0 and 5 minutes, was " + clockSkew);
      }
      requireAtLeastOne(maxFailedLogins, "maxFailedLogins");
      requirePositive(failureWindow, "failureWindow");
      requirePositive(firstLockout, "firstLockout");
      requirePositive(maxLockout, "maxLockout");
      if (maxLockout.compareTo(firstLockout) < 0) {
        throw new ConfigurationException("maxLockout must not be shorter than firstLockout (" + firstLockout + "), was " + maxLockout);
      }
      requirePositive(codeTtl, "codeTtl");
      requireAtLeastOne(maxCodeAttempts, "maxCodeAttempts");
      Objects.requireNonNull(resendCooldown, "resendCooldown");
      if (resendCooldown.isNegative()) {
        throw new ConfigurationException("resendCooldown must not be negative, was " + resendCooldown);
      }
      requirePositive(resetTokenTtl, "resetTokenTtl");
      if (resetLinkTemplate != null && !resetLinkTemplate.contains("{token}")) {
        throw new ConfigurationException("resetLinkTemplate must contain {token}");
      }
      Objects.requireNonNull(noAuthEmail, "noAuthEmail");
      requireAtLeastOne(maxConcurrentHashes, "maxConcurrentHashes");
      requirePositive(hashingWait, "hashingWait");
      requirePositive(attemptRetention, "attemptRetention");
      return new AuthConfig(this);
    }
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new ConfigurationException(name + " must not be blank");
    }
  }

  private static void requirePositive(Duration value, String name) {
    if (value == null || value.isZero() || value.isNegative()) {
      throw new ConfigurationException(name + " must be a positive duration, was " + value);
    }
  }

  private static void requireAtLeastOne(int value, String name) {
    if (value < 1) {
      throw new ConfigurationException(name + " must be at least 1, was " + value);
    }
  }

  private static String value(Map<String, String> settings, String key) {
    String value = settings.get(key);
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static AuthMode parseMode(String value) {
    try {
      return AuthMode.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(AUTH_MODE + " must be password, auth0 or none (comma-separated), had '" + value + "'");
    }
  }

  private static byte[] parseSecret(String value) {
    if (value.startsWith("base64:")) {
      try {
        return Base64.getDecoder().decode(value.substring("base64:".length()));
      } catch (IllegalArgumentException e) {
        // Never echo a secret, not even a malformed one.
        throw new ConfigurationException(JWT_SECRET + " starts with base64: but is not valid base64");
      }
    }
    return value.getBytes(StandardCharsets.UTF_8);
  }

  private static Duration parseDuration(String key, String value) {
    try {
      if (value.chars().allMatch(Character::isDigit)) {
        return Duration.ofSeconds(Long.parseLong(value));
      }
      return Duration.parse(value);
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new ConfigurationException(key + " must be an ISO-8601 duration (e.g. PT15M) or seconds, was '" + value + "'");
    }
  }
}
