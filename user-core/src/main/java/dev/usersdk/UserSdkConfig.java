package dev.usersdk;

import dev.usersdk.ledger.Credits;
import dev.usersdk.user.UserId;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

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
 * </table>
 */
public final class UserSdkConfig {
  public static final String ENVIRONMENT = "USER_SDK_ENVIRONMENT";
  public static final String ADMIN_IDS = "USER_SDK_ADMIN_IDS";
  public static final String DEFAULT_BALANCE = "USER_SDK_DEFAULT_BALANCE";
  public static final String REQUIRE_APPROVAL = "USER_SDK_REQUIRE_APPROVAL";

  /** The one source of the default opening balance: 5.00 credits. */
  public static final Credits STANDARD_DEFAULT_BALANCE = Credits.of("5.00");

  private final Environment environment;
  private final Set<UserId> adminIds;
  private final Credits defaultBalance;
  private final boolean requireApproval;

  private UserSdkConfig(Builder builder) {
    this.environment = builder.environment;
    this.adminIds = Set.copyOf(builder.adminIds);
    this.defaultBalance = builder.defaultBalance;
    this.requireApproval = builder.requireApproval;
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
    return fromMap(System.getenv());
  }

  /**
   * Reads settings from a map keyed like the environment variables (e.g. {@code USER_SDK_ADMIN_IDS}).
   * Missing or blank entries keep their defaults; other keys are ignored, since other usersdk
   * modules read their own {@code USER_SDK_*} settings from the same environment.
   */
  public static UserSdkConfig fromMap(Map<String, String> settings) {
    Builder builder = builder();
    String environment = value(settings, ENVIRONMENT);
    if (environment != null) {
      builder.environment(parseEnvironment(environment));
    }
    String adminIds = value(settings, ADMIN_IDS);
    if (adminIds != null) {
      for (String id : adminIds.split(",")) {
        if (!id.isBlank()) {
          builder.adminId(parseUserId(ADMIN_IDS, id.strip()));
        }
      }
    }
    String balance = value(settings, DEFAULT_BALANCE);
    if (balance != null) {
      builder.defaultBalance(parseCredits(balance));
    }
    String approval = value(settings, REQUIRE_APPROVAL);
    if (approval != null) {
      builder.requireApproval(parseBoolean(REQUIRE_APPROVAL, approval));
    }
    return builder.build();
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

  /** A builder holding this configuration's values. */
  public Builder toBuilder() {
    Builder builder = builder()
        .environment(environment)
        .defaultBalance(defaultBalance)
        .requireApproval(requireApproval);
    adminIds.forEach(builder::adminId);
    return builder;
  }

  @Override
  public String toString() {
    return "UserSdkConfig[environment=" + environment + ", adminIds=" + adminIds
        + ", defaultBalance=" + defaultBalance + ", requireApproval=" + requireApproval + "]";
  }

  /** Builds a {@link UserSdkConfig}; {@link #build()} checks every value. */
  public static final class Builder {
    private Environment environment = Environment.PRODUCTION;
    private final Set<UserId> adminIds = new LinkedHashSet<>();
    private Credits defaultBalance = STANDARD_DEFAULT_BALANCE;
    private boolean requireApproval;

    private Builder() {}

    public Builder environment(Environment environment) {
      this.environment = environment;
      return this;
    }

    /** Adds an id that is an admin whatever its stored flag. */
    public Builder adminId(UserId id) {
      adminIds.add(Objects.requireNonNull(id, "adminId"));
      return this;
    }

    public Builder adminIds(Set<UserId> ids) {
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

    /** @throws ConfigurationException naming the first bad setting */
    public UserSdkConfig build() {
      if (environment == null) {
        throw new ConfigurationException("environment must be set");
      }
      if (defaultBalance == null) {
        throw new ConfigurationException("defaultBalance must be set");
      }
      if (defaultBalance.isNegative()) {
        throw new ConfigurationException("defaultBalance must not be negative, was " + defaultBalance);
      }
      return new UserSdkConfig(this);
    }
  }

  private static String value(Map<String, String> settings, String key) {
    String value = settings.get(key);
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static Environment parseEnvironment(String value) {
    switch (value.toLowerCase(Locale.ROOT)) {
      case "development":
        return Environment.DEVELOPMENT;
      case "production":
        return Environment.PRODUCTION;
      default:
        throw new ConfigurationException(
            ENVIRONMENT + " must be 'development' or 'production', was '" + value + "'");
    }
  }

  private static UserId parseUserId(String key, String value) {
    try {
      return UserId.parse(value);
    } catch (ValidationException e) {
      throw new ConfigurationException(key + " must be comma-separated user ids (UUIDs), had '" + value + "'");
    }
  }

  private static Credits parseCredits(String value) {
    try {
      return Credits.of(value);
    } catch (ValidationException e) {
      throw new ConfigurationException(
          DEFAULT_BALANCE + " must be a decimal amount with at most 6 decimals, was '" + value + "'");
    }
  }

  private static boolean parseBoolean(String key, String value) {
    switch (value.toLowerCase(Locale.ROOT)) {
      case "true":
        return true;
      case "false":
        return false;
      default:
        throw new ConfigurationException(key + " must be 'true' or 'false', was '" + value + "'");
    }
  }
}
