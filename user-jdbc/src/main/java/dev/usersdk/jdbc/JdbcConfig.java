package dev.usersdk.jdbc;

import dev.usersdk.ConfigurationException;
import dev.usersdk.Settings;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where the database is and how to pool connections to it, for {@link JdbcStores#fromConfig}.
 * Immutable; from {@link #builder(String)}, {@link #fromEnv()} or {@link #fromMap(Map)}. The
 * password never appears in {@link #toString()} or in error messages.
 *
 * <table>
 *   <caption>Variables</caption>
 *   <tr><th>variable</th><th>meaning</th><th>default</th></tr>
 *   <tr><td>{@code USER_SDK_DB_URL}</td><td>a full JDBC URL; when set, the five below are ignored</td><td>—</td></tr>
 *   <tr><td>{@code USER_SDK_DB_TYPE}</td><td>{@code postgresql}, {@code mysql} or {@code mariadb}</td><td>{@code postgresql}</td></tr>
 *   <tr><td>{@code USER_SDK_DB_HOST}</td><td>server host</td><td>{@code db} (the usual container name)</td></tr>
 *   <tr><td>{@code USER_SDK_DB_PORT}</td><td>server port</td><td>5432 or 3306</td></tr>
 *   <tr><td>{@code USER_SDK_DB_NAME}</td><td>database name</td><td>{@code usersdk}</td></tr>
 *   <tr><td>{@code USER_SDK_DB_USER} / {@code USER_SDK_DB_PASSWORD}</td><td>credentials</td><td>none</td></tr>
 *   <tr><td>{@code USER_SDK_DB_POOL_SIZE}</td><td>maximum connections</td><td>10</td></tr>
 *   <tr><td>{@code USER_SDK_DB_CONNECTION_TIMEOUT_MS}</td><td>how long a call waits for a connection</td><td>5000</td></tr>
 *   <tr><td>{@code USER_SDK_DB_RETRY_BUDGET_MS}</td><td>how long a transaction that keeps conflicting is run again</td><td>2000</td></tr>
 *   <tr><td>{@code USER_SDK_DB_STATEMENT_TIMEOUT_MS}</td><td>longest a statement (lock waits included) may run; 0 = the server's own</td><td>10000</td></tr>
 *   <tr><td>{@code USER_SDK_DB_MIGRATE}</td><td>run the migrations on start</td><td>{@code true} for H2, else {@code false}</td></tr>
 * </table>
 */
public final class JdbcConfig {
  public static final String URL = "USER_SDK_DB_URL";
  public static final String TYPE = "USER_SDK_DB_TYPE";
  public static final String HOST = "USER_SDK_DB_HOST";
  public static final String PORT = "USER_SDK_DB_PORT";
  public static final String NAME = "USER_SDK_DB_NAME";
  public static final String USER = "USER_SDK_DB_USER";
  public static final String PASSWORD = "USER_SDK_DB_PASSWORD";
  public static final String POOL_SIZE = "USER_SDK_DB_POOL_SIZE";
  public static final String CONNECTION_TIMEOUT_MS = "USER_SDK_DB_CONNECTION_TIMEOUT_MS";
  public static final String MIGRATE = "USER_SDK_DB_MIGRATE";
  public static final String RETRY_BUDGET_MS = "USER_SDK_DB_RETRY_BUDGET_MS";
  public static final String STATEMENT_TIMEOUT_MS = "USER_SDK_DB_STATEMENT_TIMEOUT_MS";

  /** The longest retry budget accepted: a request should not wait on conflicts longer. */
  public static final Duration MAX_RETRY_BUDGET = Duration.ofMinutes(1);

  /** The longest statement timeout accepted. */
  public static final Duration MAX_STATEMENT_TIMEOUT = Duration.ofMinutes(10);

  /**
   * The host used when only parts of the address are given: the usual name of a database container.
   */
  public static final String DEFAULT_HOST = "db";

  private final String url;
  private final @Nullable String user;
  private final @Nullable String password;
  private final int maximumPoolSize;
  private final Duration connectionTimeout;
  private final @Nullable Boolean migrate;
  private final Duration retryBudget;
  private final Duration statementTimeout;

  private JdbcConfig(Builder builder) {
    this.url = builder.url;
    this.user = builder.user;
    this.password = builder.password;
    this.maximumPoolSize = builder.maximumPoolSize;
    this.connectionTimeout = builder.connectionTimeout;
    this.migrate = builder.migrate;
    this.retryBudget = builder.retryBudget;
    this.statementTimeout = builder.statementTimeout;
  }

  /** A configuration for this JDBC URL, e.g. {@code jdbc:postgresql://db:5432/app}. */
  public static Builder builder(String url) {
    return new Builder(url);
  }

  public static JdbcConfig fromEnv() {
    return from(Settings.fromEnv());
  }

  /** Reads the {@code USER_SDK_DB_*} settings; other keys are ignored. */
  public static JdbcConfig fromMap(Map<String, String> settings) {
    return from(Settings.of(settings));
  }

  /** As {@link #fromMap}, from settings the caller already has. */
  public static JdbcConfig from(Settings settings) {
    String url = settings.text(URL).orElseGet(() -> urlFromParts(settings));
    Builder builder =
        builder(url)
            .user(settings.text(USER).orElse(null))
            .password(settings.secret(PASSWORD).orElse(null));
    settings.integer(POOL_SIZE).ifPresent(builder::maximumPoolSize);
    settings
        .integer(CONNECTION_TIMEOUT_MS)
        .ifPresent(millis -> builder.connectionTimeout(Duration.ofMillis(millis)));
    settings.bool(MIGRATE).ifPresent(builder::migrate);
    settings
        .integer(RETRY_BUDGET_MS)
        .ifPresent(millis -> builder.retryBudget(Duration.ofMillis(millis)));
    settings
        .integer(STATEMENT_TIMEOUT_MS)
        .ifPresent(millis -> builder.statementTimeout(Duration.ofMillis(millis)));
    return builder.build();
  }

  public String url() {
    return url;
  }

  public Optional<String> user() {
    return Optional.ofNullable(user);
  }

  /** The password; kept out of {@link #toString()}. */
  public Optional<String> password() {
    return Optional.ofNullable(password);
  }

  public int maximumPoolSize() {
    return maximumPoolSize;
  }

  public Duration connectionTimeout() {
    return connectionTimeout;
  }

  /** How long a transaction that keeps conflicting is run again; zero: never. */
  public Duration retryBudget() {
    return retryBudget;
  }

  /** The longest a statement may run, lock waits included; zero: the server's own limit. */
  public Duration statementTimeout() {
    return statementTimeout;
  }

  /** Whether to migrate on start; empty means the dialect's default (H2 yes, servers no). */
  public Optional<Boolean> migrate() {
    return Optional.ofNullable(migrate);
  }

  @Override
  public String toString() {
    return "JdbcConfig[url="
        + redactedUrl()
        + ", user="
        + user
        + ", password="
        + (password == null ? "none" : "***")
        + ", maximumPoolSize="
        + maximumPoolSize
        + ", connectionTimeout="
        + connectionTimeout
        + ", retryBudget="
        + retryBudget
        + ", statementTimeout="
        + statementTimeout
        + ", migrate="
        + migrate
        + "]";
  }

  /** The URL without its parameters, which may carry a password. */
  String redactedUrl() {
    int query = url.indexOf('?');
    int semicolon = url.startsWith("jdbc:h2:") ? url.indexOf(';') : -1;
    int cut = query >= 0 ? query : semicolon;
    return cut < 0 ? url : url.substring(0, cut) + "?...";
  }

  /** Builds a {@link JdbcConfig}; {@link #build()} checks every value. */
  public static final class Builder {
    private final String url;
    private @Nullable String user;
    private @Nullable String password;
    private int maximumPoolSize = 10;
    private Duration connectionTimeout = Duration.ofSeconds(5);
    private @Nullable Boolean migrate;
    private Duration retryBudget = JdbcStores.DEFAULT_RETRY_BUDGET;
    private Duration statementTimeout = Duration.ofSeconds(10);

    private Builder(String url) {
      this.url = url;
    }

    public Builder user(@Nullable String user) {
      this.user = user;
      return this;
    }

    public Builder password(@Nullable String password) {
      this.password = password;
      return this;
    }

    /** Most connections the pool opens; default 10. */
    public Builder maximumPoolSize(int maximumPoolSize) {
      this.maximumPoolSize = maximumPoolSize;
      return this;
    }

    /**
     * How long a call waits for a free connection before it fails with a retryable {@link
     * dev.usersdk.StoreUnavailableException}; default 5 seconds.
     */
    public Builder connectionTimeout(Duration connectionTimeout) {
      this.connectionTimeout = connectionTimeout;
      return this;
    }

    /**
     * How long a transaction that conflicts with concurrent ones (a deadlock, a serialization or
     * Galera certification failure, a lock-wait timeout) is run again, with a jittered exponential
     * back-off, before the caller gets a {@link dev.usersdk.StoreUnavailableException}; default 2
     * seconds, at most {@link #MAX_RETRY_BUDGET}, zero for no retries.
     */
    public Builder retryBudget(Duration retryBudget) {
      this.retryBudget = retryBudget;
      return this;
    }

    /**
     * The longest one statement may run, waiting for locks included, set on each pooled connection
     * ({@code statement_timeout} on PostgreSQL, {@code max_statement_time} and {@code
     * innodb_lock_wait_timeout} on MariaDB, {@code max_execution_time} and {@code
     * innodb_lock_wait_timeout} on MySQL, {@code QUERY_TIMEOUT} on H2); default 10 seconds, at most
     * {@link #MAX_STATEMENT_TIMEOUT}, zero to keep the server's settings. A statement that runs out
     * is a retryable {@link dev.usersdk.StoreUnavailableException}, and nothing of its transaction
     * is kept.
     */
    public Builder statementTimeout(Duration statementTimeout) {
      this.statementTimeout = statementTimeout;
      return this;
    }

    /** Run the migrations on start (default: only on H2). */
    public Builder migrate(boolean migrate) {
      this.migrate = migrate;
      return this;
    }

    public JdbcConfig build() {
      if (url == null || !url.startsWith("jdbc:")) {
        throw new ConfigurationException(
            "the database URL must be a JDBC URL starting with 'jdbc:'");
      }
      if (maximumPoolSize < 1 || maximumPoolSize > 1000) {
        throw new ConfigurationException(
            "maximumPoolSize must be between 1 and 1000, was " + maximumPoolSize);
      }
      if (connectionTimeout == null) {
        throw new ConfigurationException("connectionTimeout must be set");
      }
      if (connectionTimeout.toMillis() < 250) {
        throw new ConfigurationException(
            "connectionTimeout must be at least 250 ms, was "
                + connectionTimeout.toMillis()
                + " ms");
      }
      checkDuration("retryBudget", retryBudget, Duration.ZERO, MAX_RETRY_BUDGET);
      checkDuration("statementTimeout", statementTimeout, Duration.ZERO, MAX_STATEMENT_TIMEOUT);
      if (!statementTimeout.isZero() && statementTimeout.toMillis() < 100) {
        throw new ConfigurationException(
            "statementTimeout must be 0 (the server's own) or at least 100 ms, was "
                + statementTimeout.toMillis()
                + " ms");
      }
      return new JdbcConfig(this);
    }

    private static void checkDuration(
        String name, @Nullable Duration value, Duration min, Duration max) {
      if (value == null) {
        throw new ConfigurationException(name + " must be set");
      }
      if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
        throw new ConfigurationException(
            name
                + " must be between "
                + min.toMillis()
                + " and "
                + max.toMillis()
                + " ms, was "
                + value.toMillis()
                + " ms");
      }
    }
  }

  private static String urlFromParts(Settings settings) {
    String type = settings.text(TYPE).orElse("postgresql").toLowerCase(Locale.ROOT);
    int defaultPort =
        switch (type) {
          case "postgresql" -> 5432;
          case "mysql", "mariadb" -> 3306;
          default ->
              throw new ConfigurationException(
                  TYPE + " must be 'postgresql', 'mysql' or 'mariadb', was '" + type + "'");
        };
    String host = settings.text(HOST).orElse(DEFAULT_HOST);
    int portNumber = settings.integer(PORT).orElse(defaultPort);
    if (portNumber < 1 || portNumber > 65535) {
      throw new ConfigurationException(PORT + " must be between 1 and 65535, was " + portNumber);
    }
    String name = settings.text(NAME).orElse("usersdk");
    return "jdbc:" + type + "://" + host + ":" + portNumber + "/" + name;
  }
}
