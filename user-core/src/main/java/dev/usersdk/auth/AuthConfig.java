package dev.usersdk.auth;

import dev.usersdk.ConfigurationException;
import dev.usersdk.Settings;
import dev.usersdk.user.Email;
import dev.usersdk.user.UserId;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The authentication settings of a client: the modes and the JWT secret, and one small record per
 * concern: {@link TokenConfig tokens}, {@link LockoutConfig lockout}, {@link RegistrationConfig
 * registration}, {@link ResetConfig reset} and {@link HashingConfig hashing}. Immutable; part of
 * {@link dev.usersdk.UserSdkConfig}, which checks the secret and the modes against the environment.
 * The builder's flat setters ({@code accessTokenTtl(Duration)}, {@code maxFailedLogins(int)}, ...)
 * set one component of a record; a few flat getters ({@code accessTokenTtl()}, {@code
 * maxFailedLogins()}, ...) remain as shorthands, the rest are on the records.
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
 *   <tr><td>{@code USER_SDK_VERIFY_LINK_TEMPLATE}</td><td>the email verification link, with {@code {token}}</td><td>none (a code only)</td></tr>
 *   <tr><td>{@code USER_SDK_SIGN_IN_LINK_TEMPLATE}</td><td>the passwordless sign-in link, with {@code {token}}</td><td>none (a code only)</td></tr>
 *   <tr><td>{@code USER_SDK_MFA_KEY}</td><td>the AES-256 key (32 bytes, {@code base64:...} or text) that encrypts TOTP keys at rest</td><td>none (second factors need it; development derives one)</td></tr>
 *   <tr><td>{@code USER_SDK_MFA_PREVIOUS_KEYS}</td><td>keys retired by a rotation, comma-separated: stored TOTP keys they sealed still open, and are sealed again under the current key when next used</td><td>none</td></tr>
 * </table>
 */
public final class AuthConfig {
  public static final String AUTH_MODE = "USER_SDK_AUTH_MODE";
  public static final String JWT_SECRET = "USER_SDK_JWT_SECRET";
  public static final String JWT_PREVIOUS_SECRETS = "USER_SDK_JWT_PREVIOUS_SECRETS";
  public static final String JWT_SIGNING_KEY = "USER_SDK_JWT_SIGNING_KEY";
  public static final String JWT_PREVIOUS_PUBLIC_KEYS = "USER_SDK_JWT_PREVIOUS_PUBLIC_KEYS";
  public static final String JWT_ISSUER = "USER_SDK_JWT_ISSUER";
  public static final String JWT_AUDIENCE = "USER_SDK_JWT_AUDIENCE";
  public static final String ACCESS_TOKEN_TTL = "USER_SDK_ACCESS_TOKEN_TTL";
  public static final String REFRESH_TOKEN_TTL = "USER_SDK_REFRESH_TOKEN_TTL";
  public static final String LEGACY_OWNER_ID = "USER_SDK_LEGACY_OWNER_ID";
  public static final String NO_AUTH_EMAIL = "USER_SDK_NO_AUTH_EMAIL";
  public static final String RESET_LINK_TEMPLATE = "USER_SDK_RESET_LINK_TEMPLATE";
  public static final String VERIFY_LINK_TEMPLATE = "USER_SDK_VERIFY_LINK_TEMPLATE";
  public static final String SIGN_IN_LINK_TEMPLATE = "USER_SDK_SIGN_IN_LINK_TEMPLATE";
  public static final String MFA_KEY = "USER_SDK_MFA_KEY";
  public static final String MFA_PREVIOUS_KEYS = "USER_SDK_MFA_PREVIOUS_KEYS";

  /** AES-256. */
  public static final int MFA_KEY_BYTES = 32;

  /** 256 bits: RFC 7518 requires an HS256 key at least as long as the hash. */
  public static final int MIN_SECRET_BYTES = 32;

  public static final Duration MAX_ACCESS_TOKEN_TTL = TokenConfig.MAX_ACCESS_TOKEN_TTL;
  public static final Duration MAX_CLOCK_SKEW = TokenConfig.MAX_CLOCK_SKEW;

  private final List<AuthMode> modes;
  private final byte[] jwtSecret;
  private final List<byte[]> previousJwtSecrets;
  private final @Nullable SigningKeys signingKeys;
  private final Email noAuthEmail;
  private final TokenConfig tokens;
  private final LockoutConfig lockout;
  private final RegistrationConfig registration;
  private final ResetConfig reset;
  private final HashingConfig hashing;
  private final MfaConfig mfa;
  private final EmailCodeConfig emailCodes;
  private final byte @Nullable [] mfaKey;
  private final List<byte[]> previousMfaKeys;

  private AuthConfig(Builder b) {
    this.modes = List.copyOf(b.modes);
    this.jwtSecret = b.jwtSecret == null ? null : b.jwtSecret.clone();
    this.previousJwtSecrets = b.previousJwtSecrets.stream().map(byte[]::clone).toList();
    this.signingKeys = b.signingKeys;
    this.noAuthEmail = b.noAuthEmail;
    this.tokens = b.tokens;
    this.lockout = b.lockout;
    this.registration = b.registration;
    this.reset = b.reset;
    this.hashing = b.hashing;
    this.mfa = b.mfa;
    this.emailCodes = b.emailCodes;
    this.mfaKey = b.mfaKey == null ? null : b.mfaKey.clone();
    this.previousMfaKeys = b.previousMfaKeys.stream().map(byte[]::clone).toList();
  }

  public static Builder builder() {
    return new Builder();
  }

  public static AuthConfig defaults() {
    return builder().build();
  }

  /** Reads the variables in the table above; unset ones keep their defaults. */
  public static AuthConfig fromMap(Map<String, String> values) {
    return from(Settings.of(values));
  }

  /** As {@link #fromMap}, from settings the caller already has. */
  public static AuthConfig from(Settings settings) {
    return AuthSettings.read(settings, builder()).build();
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

  /**
   * Keys retired by a rotation: tokens they signed keep verifying until they expire, and
   * registration codes keyed with them still confirm. Newest first.
   */
  public List<byte[]> previousJwtSecrets() {
    return previousJwtSecrets.stream().map(byte[]::clone).toList();
  }

  /**
   * Asymmetric (ES256) keys for usersdk's own tokens; empty: HS256 with the JWT secret (the
   * default). The JWT secret is still needed: it keys registration codes.
   */
  public Optional<SigningKeys> signingKeys() {
    return Optional.ofNullable(signingKeys);
  }

  /** The local user of {@code NONE} mode. */
  public Email noAuthEmail() {
    return noAuthEmail;
  }

  /** The tokens usersdk issues. */
  public TokenConfig tokens() {
    return tokens;
  }

  /** Brute-force protection. */
  public LockoutConfig lockout() {
    return lockout;
  }

  /** Sign-up by emailed code. */
  public RegistrationConfig registration() {
    return registration;
  }

  /** Password reset by emailed link. */
  public ResetConfig reset() {
    return reset;
  }

  /** Limits on password hashing. */
  public HashingConfig hashing() {
    return hashing;
  }

  /** Second factors. */
  public MfaConfig mfa() {
    return mfa;
  }

  /** Codes and links sent to verify an address, change it, or sign in without a password. */
  public EmailCodeConfig emailCodes() {
    return emailCodes;
  }

  /**
   * The keys that seal TOTP keys at rest, current first, then those retired by a rotation; empty if
   * none was configured (second factors then refuse to run, except in development, where the client
   * derives one from the JWT secret).
   */
  public List<byte[]> mfaKeys() {
    if (mfaKey == null) {
      return List.of();
    }
    List<byte[]> keys = new java.util.ArrayList<>();
    keys.add(mfaKey.clone());
    previousMfaKeys.forEach(key -> keys.add(key.clone()));
    return List.copyOf(keys);
  }

  // Shorthands for the records' components.

  public String issuer() {
    return tokens.issuer();
  }

  public String audience() {
    return tokens.audience();
  }

  public Duration accessTokenTtl() {
    return tokens.accessTokenTtl();
  }

  public Duration refreshTokenTtl() {
    return tokens.refreshTokenTtl();
  }

  public int maxFailedLogins() {
    return lockout.maxFailedLogins();
  }

  public Optional<UserId> legacyOwnerId() {
    return registration.legacyOwnerId();
  }

  public Optional<String> resetLinkTemplate() {
    return reset.linkTemplate();
  }

  /** This configuration with another secret; used when development generates one. */
  public AuthConfig withJwtSecret(byte[] secret) {
    return toBuilder().jwtSecret(secret).build();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.modes = new LinkedHashSet<>(modes);
    b.jwtSecret = jwtSecret;
    b.previousJwtSecrets = previousJwtSecrets;
    b.signingKeys = signingKeys;
    b.noAuthEmail = noAuthEmail;
    b.tokens = tokens;
    b.lockout = lockout;
    b.registration = registration;
    b.reset = reset;
    b.hashing = hashing;
    b.mfa = mfa;
    b.emailCodes = emailCodes;
    b.mfaKey = mfaKey;
    b.previousMfaKeys = previousMfaKeys;
    return b;
  }

  @Override
  public String toString() {
    return "AuthConfig[modes="
        + modes
        + ", jwtSecret="
        + (jwtSecret == null ? "none" : "(set)")
        + ", previousJwtSecrets="
        + previousJwtSecrets.size()
        + ", signingKeys="
        + (signingKeys == null ? "HS256" : signingKeys)
        + ", tokens="
        + tokens
        + ", lockout="
        + lockout
        + ", registration="
        + registration
        + ", reset="
        + reset
        + ", hashing="
        + hashing
        + ", mfa="
        + mfa
        + ", emailCodes="
        + emailCodes
        + ", mfaKey="
        + (mfaKey == null ? "none" : "(set)")
        + ", previousMfaKeys="
        + previousMfaKeys.size()
        + "]";
  }

  /** Builds an {@link AuthConfig}; {@link #build()} checks every value and names the bad one. */
  public static final class Builder {
    private Set<AuthMode> modes = new LinkedHashSet<>(List.of(AuthMode.PASSWORD));
    private byte[] jwtSecret;
    private List<byte[]> previousJwtSecrets = List.of();
    private @Nullable SigningKeys signingKeys;
    private Email noAuthEmail = Email.of("dev@localhost.localdomain");
    private TokenConfig tokens = TokenConfig.defaults();
    private LockoutConfig lockout = LockoutConfig.defaults();
    private RegistrationConfig registration = RegistrationConfig.defaults();
    private ResetConfig reset = ResetConfig.defaults();
    private HashingConfig hashing = HashingConfig.defaults();
    private MfaConfig mfa = MfaConfig.defaults();
    private EmailCodeConfig emailCodes = EmailCodeConfig.defaults();
    private byte @Nullable [] mfaKey;
    private List<byte[]> previousMfaKeys = List.of();

    private Builder() {}

    /** The accepted modes, primary first. Default: {@code PASSWORD}. */
    public Builder modes(AuthMode... modes) {
      if (modes == null || modes.length == 0) {
        throw new ConfigurationException("at least one auth mode must be given");
      }
      if (Arrays.asList(modes).contains(null)) {
        throw new ConfigurationException("modes must not contain null");
      }
      this.modes = new LinkedHashSet<>(Arrays.asList(modes));
      return this;
    }

    /** The HS256 key for access tokens, at least 32 bytes. */
    /**
     * Keys retired by a rotation, newest first (each at least 32 bytes): to rotate, move the
     * current secret here and set a new one; drop a key once the refresh token lifetime has passed.
     */
    public Builder previousJwtSecrets(byte[]... secrets) {
      if (secrets == null || java.util.Arrays.asList(secrets).contains(null)) {
        throw new ConfigurationException("previousJwtSecrets must not be or contain null");
      }
      for (byte[] secret : secrets) {
        if (secret.length < MIN_SECRET_BYTES) {
          throw new ConfigurationException(
              "each of previousJwtSecrets must be at least "
                  + MIN_SECRET_BYTES
                  + " bytes, one was "
                  + secret.length);
        }
      }
      this.previousJwtSecrets = java.util.Arrays.stream(secrets).map(byte[]::clone).toList();
      return this;
    }

    /** Signs usersdk's tokens with these ES256 keys instead of HS256 with the JWT secret. */
    public Builder signingKeys(@Nullable SigningKeys keys) {
      this.signingKeys = keys;
      return this;
    }

    public Builder jwtSecret(byte @Nullable [] secret) {
      this.jwtSecret = secret == null ? null : secret.clone();
      return this;
    }

    /** The local user of {@code NONE} mode. */
    public Builder noAuthEmail(Email email) {
      this.noAuthEmail = email;
      return this;
    }

    public Builder tokens(TokenConfig tokens) {
      this.tokens = tokens;
      return this;
    }

    public Builder lockout(LockoutConfig lockout) {
      this.lockout = lockout;
      return this;
    }

    public Builder registration(RegistrationConfig registration) {
      this.registration = registration;
      return this;
    }

    public Builder reset(ResetConfig reset) {
      this.reset = reset;
      return this;
    }

    public Builder hashing(HashingConfig hashing) {
      this.hashing = hashing;
      return this;
    }

    public Builder mfa(MfaConfig mfa) {
      this.mfa = mfa;
      return this;
    }

    public Builder emailCodes(EmailCodeConfig emailCodes) {
      this.emailCodes = emailCodes;
      return this;
    }

    /** The email verification link; {@code {token}} is replaced by the token. */
    public Builder verifyLinkTemplate(@Nullable String template) {
      emailCodes = emailCodes.withVerifyLinkTemplate(Optional.ofNullable(template));
      return this;
    }

    /** The passwordless sign-in link; {@code {token}} is replaced by the token. */
    public Builder signInLinkTemplate(@Nullable String template) {
      emailCodes = emailCodes.withSignInLinkTemplate(Optional.ofNullable(template));
      return this;
    }

    /**
     * The AES-256 key (32 bytes) that seals TOTP keys at rest. To rotate: pass the current key to
     * {@link #previousMfaKeys} and set a new one; a stored key is sealed again under the new one
     * the next time its code is accepted, and the old key may go once every user with a second
     * factor has used it since (or after re-enrolment).
     */
    public Builder mfaKey(byte @Nullable [] key) {
      if (key != null && key.length != MFA_KEY_BYTES) {
        throw new ConfigurationException(
            "mfaKey must be " + MFA_KEY_BYTES + " bytes (AES-256), was " + key.length);
      }
      this.mfaKey = key == null ? null : key.clone();
      return this;
    }

    /** Keys retired by a rotation, newest first: what they sealed still opens. */
    public Builder previousMfaKeys(byte[]... keys) {
      if (keys == null || Arrays.asList(keys).contains(null)) {
        throw new ConfigurationException("previousMfaKeys must not be or contain null");
      }
      for (byte[] key : keys) {
        if (key.length != MFA_KEY_BYTES) {
          throw new ConfigurationException(
              "each of previousMfaKeys must be " + MFA_KEY_BYTES + " bytes, one was " + key.length);
        }
      }
      this.previousMfaKeys = Arrays.stream(keys).map(byte[]::clone).toList();
      return this;
    }

    // Shorthands: each sets one component of a record.

    public Builder issuer(String issuer) {
      tokens = tokens.withIssuer(issuer);
      return this;
    }

    public Builder audience(String audience) {
      tokens = tokens.withAudience(audience);
      return this;
    }

    public Builder accessTokenTtl(Duration ttl) {
      tokens = tokens.withAccessTokenTtl(ttl);
      return this;
    }

    public Builder refreshTokenTtl(Duration ttl) {
      tokens = tokens.withRefreshTokenTtl(ttl);
      return this;
    }

    public Builder appTokenTtl(Duration ttl) {
      tokens = tokens.withAppTokenTtl(ttl);
      return this;
    }

    public Builder sessionLifetime(Duration lifetime) {
      tokens = tokens.withSessionLifetime(lifetime);
      return this;
    }

    public Builder clockSkew(Duration skew) {
      tokens = tokens.withClockSkew(skew);
      return this;
    }

    public Builder maxFailedLogins(int max) {
      lockout = lockout.withMaxFailedLogins(max);
      return this;
    }

    public Builder failureWindow(Duration window) {
      lockout = lockout.withFailureWindow(window);
      return this;
    }

    public Builder firstLockout(Duration first) {
      lockout = lockout.withFirstLockout(first);
      return this;
    }

    public Builder maxLockout(Duration max) {
      lockout = lockout.withMaxLockout(max);
      return this;
    }

    public Builder revealRetryAfter(boolean reveal) {
      lockout = lockout.withRevealRetryAfter(reveal);
      return this;
    }

    public Builder attemptRetention(Duration kept) {
      lockout = lockout.withAttemptRetention(kept);
      return this;
    }

    public Builder codeTtl(Duration ttl) {
      registration = registration.withCodeTtl(ttl);
      return this;
    }

    public Builder maxCodeAttempts(int max) {
      registration = registration.withMaxCodeAttempts(max);
      return this;
    }

    public Builder resendCooldown(Duration wait) {
      registration = registration.withResendCooldown(wait);
      return this;
    }

    public Builder legacyOwnerId(@Nullable UserId owner) {
      registration = registration.withLegacyOwnerId(Optional.ofNullable(owner));
      return this;
    }

    public Builder resetTokenTtl(Duration ttl) {
      reset = reset.withTokenTtl(ttl);
      return this;
    }

    /** The link sent for a password reset; {@code {token}} is replaced by the token. */
    public Builder resetLinkTemplate(@Nullable String template) {
      reset = reset.withLinkTemplate(Optional.ofNullable(template));
      return this;
    }

    public Builder maxConcurrentHashes(int max) {
      hashing = hashing.withMaxConcurrentHashes(max);
      return this;
    }

    public Builder hashingWait(Duration wait) {
      hashing = hashing.withMaxWait(wait);
      return this;
    }

    /**
     * Checks every record and builds the configuration.
     *
     * @throws ConfigurationException naming the first bad setting
     */
    public AuthConfig build() {
      requireSet(tokens, "tokens").check();
      requireSet(lockout, "lockout").check();
      requireSet(registration, "registration").check();
      requireSet(reset, "reset").check();
      requireSet(hashing, "hashing").check();
      requireSet(mfa, "mfa").check();
      requireSet(emailCodes, "emailCodes").check();
      requireSet(noAuthEmail, "noAuthEmail");
      return new AuthConfig(this);
    }

    private static <T> T requireSet(T value, String name) {
      if (value == null) {
        throw new ConfigurationException(name + " must be set");
      }
      return value;
    }
  }
}
