package dev.usersdk;

import dev.usersdk.auth.AuthConfig;
import dev.usersdk.auth.AuthMode;
import dev.usersdk.ledger.Credits;
import dev.usersdk.user.UserId;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The settings of a {@link UserClient}. Immutable; built with {@link #builder()}, or read from
 * {@code USER_SDK_*} variables with {@link #fromEnv()} / {@link #fromMap(Map)}. Every value is
 * checked at {@link Builder#build()}, and a bad one is a {@link ConfigurationException} that names
 * the setting and the value, so a misconfigured application stops at startup.
 *
 * <table>
 *   <caption>Variables</caption>
 *   <tr><th>variable</th><th>meaning</th><th>default</th></tr>
 *   <tr><td>{@code USER_SDK_ENVIRONMENT}</td><td>{@code development} or {@code production}</td><td>{@code production}</td></tr>
 *   <tr><td>{@code USER_SDK_ADMIN_IDS}</td><td>comma-separated user ids that are always admins</td><td>none</td></tr>
 *   <tr><td>{@code USER_SDK_DEFAULT_BALANCE}</td><td>credits a new user starts with</td><td>{@code 5.00}</td></tr>
 *   <tr><td>{@code USER_SDK_REQUIRE_APPROVAL}</td><td>{@code true}: new users wait as {@code PENDING} for an admin</td><td>{@code false}</td></tr>
 *   <tr><td>{@code USER_SDK_ROLES}</td><td>roles and their permissions: {@code support=users:approve,sessions:revoke;billing=credits:adjust}</td><td>none</td></tr>
 * </table>
 *
 * <p>The authentication settings ({@code USER_SDK_AUTH_MODE}, {@code USER_SDK_JWT_SECRET}, ...) are
 * described in {@link AuthConfig}. In production a missing or weak JWT secret (password mode) and
 * the {@code none} mode stop {@link Builder#build()}; in development a missing or weak secret is
 * replaced by a random one for this process, with a warning.
 */
public final class UserSdkConfig {
  private static final Logger log = LoggerFactory.getLogger(UserSdkConfig.class);
  public static final String ENVIRONMENT = "USER_SDK_ENVIRONMENT";
  public static final String ADMIN_IDS = "USER_SDK_ADMIN_IDS";
  public static final String DEFAULT_BALANCE = "USER_SDK_DEFAULT_BALANCE";
  public static final String REQUIRE_APPROVAL = "USER_SDK_REQUIRE_APPROVAL";

  /**
   * The application's roles and what each permits: {@code role=permission,permission;role=...}. See
   * {@link Builder#role}.
   */
  public static final String ROLES = "USER_SDK_ROLES";

  /**
   * How many concurrent deductions of one account may run as one transaction (1 to 1,000; default
   * 256; 1 runs each alone). See {@link Builder#deductionBatch}.
   */
  public static final String DEDUCTION_BATCH = "USER_SDK_DEDUCTION_BATCH";

  /**
   * How many coalesced deductions of one account may wait at once (1 to 1,000,000; default 10,000).
   * See {@link Builder#deductionQueue}.
   */
  public static final String DEDUCTION_QUEUE = "USER_SDK_DEDUCTION_QUEUE";

  private static final Pattern ROLE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}");
  private static final Pattern PERMISSION = Pattern.compile("[^\\s,;=]{1,128}");

  /** The one source of the default opening balance: 5.00 credits. */
  public static final Credits STANDARD_DEFAULT_BALANCE = Credits.of("5.00");

  private final Environment environment;
  private final Set<UserId> adminIds;
  private final Credits defaultBalance;
  private final boolean requireApproval;
  private final int deductionBatch;
  private final int deductionQueue;
  private final Map<String, Set<String>> roles;
  private final AuthConfig auth;

  private UserSdkConfig(Builder builder, AuthConfig auth) {
    this.environment = builder.environment;
    this.adminIds = Set.copyOf(builder.adminIds);
    this.defaultBalance = builder.defaultBalance;
    this.requireApproval = builder.requireApproval;
    this.deductionBatch = builder.deductionBatch;
    this.deductionQueue = builder.deductionQueue;
    this.roles = Collections.unmodifiableMap(new LinkedHashMap<>(builder.roles));
    this.auth = auth;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The defaults: production, no configured admins, 5.00 credits, no approval required. */
  public static UserSdkConfig defaults() {
    return builder().build();
  }

  /** Reads the {@code USER_SDK_*} environment variables; unset ones keep their defaults. */
  public static UserSdkConfig fromEnv() {
    return from(Settings.fromEnv());
  }

  /**
   * Reads settings from a map keyed like the environment variables (e.g. {@code
   * USER_SDK_ADMIN_IDS}). Missing or blank entries keep their defaults; other keys are ignored,
   * since other usersdk modules read their own {@code USER_SDK_*} settings from the same
   * environment.
   */
  public static UserSdkConfig fromMap(Map<String, String> settings) {
    return from(Settings.of(settings));
  }

  /**
   * As {@link #fromMap}, from settings the caller already has (e.g. {@link Settings#fromEnv()}).
   */
  public static UserSdkConfig from(Settings settings) {
    Builder builder = builder();
    settings
        .parsed(ENVIRONMENT, UserSdkConfig::parseEnvironment, "'development' or 'production'")
        .ifPresent(builder::environment);
    for (String id : settings.list(ADMIN_IDS)) {
      builder.adminId(parseUserId(ADMIN_IDS, id));
    }
    settings
        .parsed(DEFAULT_BALANCE, Credits::of, "a decimal amount with at most 6 decimals")
        .ifPresent(builder::defaultBalance);
    settings.bool(REQUIRE_APPROVAL).ifPresent(builder::requireApproval);
    settings
        .parsed(DEDUCTION_BATCH, Integer::valueOf, "a whole number from 1 to 1000")
        .ifPresent(builder::deductionBatch);
    settings
        .parsed(DEDUCTION_QUEUE, Integer::valueOf, "a whole number from 1 to 1000000")
        .ifPresent(builder::deductionQueue);
    settings
        .parsed(ROLES, UserSdkConfig::parseRoles, "role=permission,permission;role=permission")
        .ifPresent(
            roles ->
                roles.forEach(
                    (name, permits) -> builder.role(name, permits.toArray(String[]::new))));
    builder.auth(AuthConfig.from(settings));
    return builder.build();
  }

  private static Map<String, Set<String>> parseRoles(String value) {
    Map<String, Set<String>> roles = new LinkedHashMap<>();
    for (String definition : value.split(";", -1)) {
      if (definition.isBlank()) {
        continue;
      }
      String[] parts = definition.split("=", 2);
      if (parts.length != 2) {
        throw new IllegalArgumentException("a role without '=': " + definition.strip());
      }
      Set<String> permits = new LinkedHashSet<>();
      for (String permission : parts[1].split(",", -1)) {
        if (!permission.isBlank()) {
          permits.add(permission.strip());
        }
      }
      roles.put(parts[0].strip(), permits);
    }
    return roles;
  }

  public Environment environment() {
    return environment;
  }

  public boolean isProduction() {
    return environment == Environment.PRODUCTION;
  }

  /** Ids that are admins whatever their stored flag. */
  public Set<UserId> adminIds() {
    return adminIds;
  }

  /** What a new user's balance starts at. */
  public Credits defaultBalance() {
    return defaultBalance;
  }

  /** Whether new users start as {@code PENDING} until an admin approves them. */
  public boolean requireApproval() {
    return requireApproval;
  }

  /** How many concurrent deductions of one account may run as one transaction; 1 is off. */
  public int deductionBatch() {
    return deductionBatch;
  }

  /** How many coalesced deductions of one account may wait at once. */
  public int deductionQueue() {
    return deductionQueue;
  }

  /**
   * The application's roles, by name, with the permissions each grants (in the order configured).
   */
  public Map<String, Set<String>> roles() {
    return roles;
  }

  /** The authentication settings, with the JWT secret checked (or generated in development). */
  public AuthConfig auth() {
    return auth;
  }

  /** A builder holding this configuration's values. */
  public Builder toBuilder() {
    Builder builder =
        builder()
            .environment(environment)
            .defaultBalance(defaultBalance)
            .requireApproval(requireApproval)
            .deductionBatch(deductionBatch)
            .deductionQueue(deductionQueue)
            .auth(auth);
    adminIds.forEach(builder::adminId);
    roles.forEach((name, permits) -> builder.role(name, permits.toArray(String[]::new)));
    return builder;
  }

  @Override
  public String toString() {
    return "UserSdkConfig[environment="
        + environment
        + ", adminIds="
        + adminIds
        + ", defaultBalance="
        + defaultBalance
        + ", requireApproval="
        + requireApproval
        + ", deductionBatch="
        + deductionBatch
        + ", deductionQueue="
        + deductionQueue
        + ", roles="
        + roles
        + ", auth="
        + auth
        + "]";
  }

  /** Builds a {@link UserSdkConfig}; {@link #build()} checks every value. */
  public static final class Builder {
    private Environment environment = Environment.PRODUCTION;
    private final Set<UserId> adminIds = new LinkedHashSet<>();
    private Credits defaultBalance = STANDARD_DEFAULT_BALANCE;
    private boolean requireApproval;
    private int deductionBatch = 256;
    private int deductionQueue = 10_000;
    private final Map<String, Set<String>> roles = new LinkedHashMap<>();
    private AuthConfig auth = AuthConfig.defaults();

    private Builder() {}

    /** The authentication settings; default {@link AuthConfig#defaults()}. */
    public Builder auth(AuthConfig auth) {
      this.auth = auth;
      return this;
    }

    public Builder environment(Environment environment) {
      this.environment = environment;
      return this;
    }

    /** Adds an id that is an admin whatever its stored flag. */
    public Builder adminId(UserId id) {
      if (id == null) {
        throw new ConfigurationException("adminId must not be null");
      }
      adminIds.add(id);
      return this;
    }

    public Builder adminIds(Set<UserId> ids) {
      if (ids == null) {
        throw new ConfigurationException("adminIds must not be null");
      }
      adminIds.clear();
      ids.forEach(this::adminId);
      return this;
    }

    public Builder defaultBalance(Credits defaultBalance) {
      this.defaultBalance = defaultBalance;
      return this;
    }

    public Builder requireApproval(boolean requireApproval) {
      this.requireApproval = requireApproval;
      return this;
    }

    /**
     * Coalesces concurrent deductions, holds and keyed captures, releases, refunds and adjustments
     * of one account (a shared credit pool, a hot API key): up to this many queued callers'
     * requests run as one transaction, each caller getting exactly the receipt, hold, entry, replay
     * or refusal it would have had alone. Default 256; 1 runs each alone (no queue at all).
     * Deductions coalesce when every user is charged ({@code ChargePolicy.everyone()}). A call that
     * finds its account without a queue runs at once on the per-request path, so spread-out traffic
     * is served as with 1 (see the README's performance section).
     */
    public Builder deductionBatch(int deductionBatch) {
      if (deductionBatch < 1 || deductionBatch > 1000) {
        throw new ConfigurationException(
            "deductionBatch must be between 1 and 1000, was " + deductionBatch);
      }
      this.deductionBatch = deductionBatch;
      return this;
    }

    /**
     * Bounds the callers waiting to deduct from one account when deductions are coalesced: a caller
     * that finds this many waiting is refused at once with {@link
     * dev.usersdk.ledger.AccountBusyException} (retryable, nothing deducted) instead of joining a
     * queue it could only wait longer in. Default 10,000.
     */
    public Builder deductionQueue(int deductionQueue) {
      if (deductionQueue < 1 || deductionQueue > 1_000_000) {
        throw new ConfigurationException(
            "deductionQueue must be between 1 and 1000000, was " + deductionQueue);
      }
      this.deductionQueue = deductionQueue;
      return this;
    }

    /**
     * Defines an application role and the permissions it grants (replacing an earlier definition of
     * the same name): usersdk's own ({@link dev.usersdk.user.Permissions}) and the host's. Users
     * get roles with {@code client.roles().grant}; a principal's permissions are its roles'.
     *
     * @param name 1 to 64 characters: letters, digits, {@code _ . : -}, starting with a letter or
     *     digit
     * @param permissions each 1 to 128 characters without spaces, {@code ,}, {@code ;} or {@code
     *     =}; {@link dev.usersdk.user.Permissions#ALL} grants every permission
     */
    public Builder role(String name, String... permissions) {
      if (name == null || !ROLE_NAME.matcher(name).matches()) {
        throw new ConfigurationException(
            "a role name is 1 to 64 letters, digits, '_', '.', ':' or '-', starting with a letter or"
                + " digit, was '"
                + name
                + "'");
      }
      if (permissions == null) {
        throw new ConfigurationException("the permissions of role " + name + " must not be null");
      }
      Set<String> permits = new LinkedHashSet<>();
      for (String permission : permissions) {
        if (permission == null || !PERMISSION.matcher(permission).matches()) {
          throw new ConfigurationException(
              "a permission of role "
                  + name
                  + " is 1 to 128 characters without spaces, ',', ';' or '=', was '"
                  + permission
                  + "'");
        }
        permits.add(permission);
      }
      roles.put(name, Collections.unmodifiableSet(permits));
      return this;
    }

    /**
     * Checks every value and builds the configuration.
     *
     * @throws ConfigurationException naming the first bad setting
     */
    public UserSdkConfig build() {
      if (environment == null) {
        throw new ConfigurationException("environment must be set");
      }
      if (defaultBalance == null) {
        throw new ConfigurationException("defaultBalance must be set");
      }
      if (defaultBalance.isNegative()) {
        throw new ConfigurationException(
            "defaultBalance must not be negative, was " + defaultBalance);
      }
      if (auth == null) {
        throw new ConfigurationException("auth must be set");
      }
      return new UserSdkConfig(this, checkedAuth());
    }

    /**
     * In development a client without an MFA key gets one derived from its JWT secret, so second
     * factors work out of the box; production needs a key of its own ({@link AuthConfig#MFA_KEY}).
     */
    private AuthConfig checkedAuth() {
      AuthConfig checked = checkedJwtSecret();
      if (environment == Environment.PRODUCTION || !checked.mfaKeys().isEmpty()) {
        return checked;
      }
      try {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(
            new javax.crypto.spec.SecretKeySpec(checked.jwtSecret().orElseThrow(), "HmacSHA256"));
        byte[] derived =
            mac.doFinal(
                "usersdk development mfa key".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return checked.toBuilder().mfaKey(derived).build();
      } catch (java.security.GeneralSecurityException e) {
        throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
      }
    }

    private AuthConfig checkedJwtSecret() {
      boolean production = environment == Environment.PRODUCTION;
      if (production && auth.accepts(AuthMode.NONE)) {
        throw new ConfigurationException(
            AuthConfig.AUTH_MODE
                + " 'none' turns authentication off and is refused in "
                + "production; set "
                + ENVIRONMENT
                + "=development for local work");
      }
      int length = auth.jwtSecret().map(secret -> secret.length).orElse(-1);
      if (length >= AuthConfig.MIN_SECRET_BYTES) {
        return auth;
      }
      if (production && length >= 0) {
        throw new ConfigurationException(
            "jwtSecret must be at least " + AuthConfig.MIN_SECRET_BYTES + " bytes, was " + length);
      }
      // Whatever the modes: the app password's tokens and the registration and reset codes are
      // signed or keyed with it, and a per-process secret breaks them across nodes and restarts.
      if (production) {
        throw new ConfigurationException(
            AuthConfig.JWT_SECRET
                + " must be set in production (at least "
                + AuthConfig.MIN_SECRET_BYTES
                + " random bytes, e.g. base64:$(openssl rand -base64 32)); it signs usersdk's own"
                + " tokens (sessions, the app password) in every auth mode");
      }
      log.warn(
          "no JWT secret of at least {} bytes is configured: using a random one for this process, so tokens "
              + "(and, without an MFA key, enrolled second factors) do not survive a restart and are not"
              + " shared between nodes (development only)",
          AuthConfig.MIN_SECRET_BYTES);
      byte[] generated = new byte[AuthConfig.MIN_SECRET_BYTES];
      new SecureRandom().nextBytes(generated);
      return auth.withJwtSecret(generated);
    }
  }

  private static Environment parseEnvironment(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "development" -> Environment.DEVELOPMENT;
      case "production" -> Environment.PRODUCTION;
      default -> throw new IllegalArgumentException("unknown environment");
    };
  }

  private static UserId parseUserId(String key, String value) {
    try {
      return UserId.parse(value);
    } catch (ValidationException e) {
      throw new ConfigurationException(
          key + " must be comma-separated user ids (UUIDs), had '" + value + "'");
    }
  }
}
