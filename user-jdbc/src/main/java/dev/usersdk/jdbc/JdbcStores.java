package dev.usersdk.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.usersdk.ConfigurationException;
import dev.usersdk.StoreUnavailableException;
import dev.usersdk.health.PoolUsage;
import dev.usersdk.health.StoreHealth;
import dev.usersdk.jdbc.internal.TransactionEngine;
import dev.usersdk.observe.Observer;
import dev.usersdk.spi.Stores;
import dev.usersdk.spi.TransactionWork;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The stores of a {@link dev.usersdk.UserClient} on a relational database: H2, MySQL 8, MariaDB
 * 10.6+ or PostgreSQL 13+, detected from the connection. Thread-safe; one per application.
 *
 * <pre>{@code
 * Stores stores = JdbcStores.create(dataSource);               // the host owns the pool
 * Stores stores = JdbcStores.fromConfig(JdbcConfig.fromEnv()); // usersdk builds (and closes) a HikariCP pool
 * }</pre>
 *
 * <p><b>Migrations.</b> The schema is created and upgraded by Flyway migrations shipped in this
 * jar, recorded in their own history table ({@code usersdk_schema_history}); all tables are
 * prefixed {@code usersdk_}. On H2 the stores migrate on start. On servers they do not, unless
 * asked with {@link Builder#migrate(boolean)}: production schema changes should be a deliberate
 * step ({@link #migrate(DataSource)} from a deploy job), and the application's database user often
 * may not run DDL. Either way, the stores refuse to start on a schema that is missing, older, or
 * <em>newer</em> than this library.
 *
 * <p><b>Errors.</b> No Jdbi, HikariCP, Flyway or driver exception leaves this class, and each
 * usersdk exception says what happened to the write:
 *
 * <ul>
 *   <li>{@link StoreUnavailableException} (retryable): did not happen. A connection lost before the
 *       commit, an exhausted pool (the message says so and names its size), a statement timeout, or
 *       conflicts (deadlock, serialization or Galera certification failure, lock-wait timeout) that
 *       outlasted the retry budget ({@link Builder#retryBudget}; they are run again with a jittered
 *       exponential back-off until it is spent).
 *   <li>{@link dev.usersdk.StoreReadOnlyException} (a retryable {@code StoreUnavailableException}):
 *       did not happen; the server only reads (a standby, a replica, a failover in progress).
 *   <li>{@link dev.usersdk.OutcomeUnknownException} (retryable): may have happened. The connection
 *       failed while the COMMIT was on its way. Keyed ledger calls settle it themselves.
 *   <li>{@link dev.usersdk.StoreFailureException}: did not happen, and will not on a retry.
 * </ul>
 */
public final class JdbcStores implements Stores {
  /** How long a conflicting transaction is run again unless configured otherwise. */
  public static final Duration DEFAULT_RETRY_BUDGET = Duration.ofSeconds(2);

  private final Dialect dialect;
  private final HikariDataSource ownedPool;
  private final TransactionEngine engine;
  private final StoreHealthCheck healthCheck;

  private JdbcStores(
      DataSource dataSource,
      Dialect dialect,
      HikariDataSource ownedPool,
      Duration retryBudget,
      StoreHealthCheck healthCheck) {
    this.dialect = dialect;
    this.ownedPool = ownedPool;
    this.engine = new TransactionEngine(dataSource, dialect, retryBudget);
    this.healthCheck = healthCheck;
  }

  /** Stores on the host's data source, with the default migration policy of its dialect. */
  public static JdbcStores create(DataSource dataSource) {
    return builder(dataSource).build();
  }

  public static Builder builder(DataSource dataSource) {
    return new Builder(Objects.requireNonNull(dataSource, "dataSource"));
  }

  /** Stores on a HikariCP pool built from {@code config}; {@link #close()} shuts the pool. */
  public static JdbcStores fromConfig(JdbcConfig config) {
    return Setup.onOwnPool(
        config,
        "usersdk",
        (pool, unpooled) -> {
          Builder builder = builder(pool).retryBudget(config.retryBudget());
          config.migrate().ifPresent(builder::migrate);
          builder.migrationDataSource = unpooled;
          return builder.build(pool);
        });
  }

  /**
   * Brings the usersdk schema up to date; a no-op when it already is.
   *
   * @return how many migrations ran
   * @throws ConfigurationException if the schema is newer than this library
   */
  public static int migrate(DataSource dataSource) {
    return Setup.runMigrations(dataSource, Setup.detect(dataSource), Migrations.Schema.STORES);
  }

  /**
   * {@link #migrate(DataSource)} on connections made from {@code config} as they are needed (no
   * pool): for tools that migrate and stop. Failures are translated as every other store call's are
   * (an unreachable server is a retryable {@link dev.usersdk.StoreUnavailableException}).
   *
   * @return how many migrations ran
   */
  public static int migrate(JdbcConfig config) {
    DataSource unpooled = new DriverDataSource(Objects.requireNonNull(config, "config"));
    return Setup.runMigrations(unpooled, Setup.detect(unpooled), Migrations.Schema.STORES);
  }

  /** The database this store talks to. */
  public Dialect dialect() {
    return dialect;
  }

  @Override
  public <T> T inTransaction(TransactionWork<T> work) {
    return engine.inTransaction(work);
  }

  @Override
  public boolean inTransactionOnThisThread() {
    return engine.inTransactionOnThisThread();
  }

  /**
   * Runs read-only, single-statement work in auto-commit mode: the statement is the only round
   * trip. Joins a transaction already running on this thread.
   */
  @Override
  public <T> T read(TransactionWork<T> work) {
    return engine.read(work);
  }

  /**
   * One read of the schema's version from its history table, timed, against the version this
   * library expects; the pool's usage when it is a HikariCP pool (this store's or the host's).
   */
  @Override
  public StoreHealth health(Duration timeout) {
    return healthCheck.check(timeout);
  }

  /** The HikariCP pool's usage (this store's or the host's); empty for other data sources. */
  @Override
  public Optional<PoolUsage> poolUsage() {
    return healthCheck.pool();
  }

  /** Reports each retried conflict ({@link Observer#storeRetried}) to {@code observer}. */
  @Override
  public void observedBy(Observer observer) {
    engine.observedBy(observer);
  }

  /** Shuts the pool if these stores built it; a host's data source is left alone. */
  @Override
  public void close() {
    if (ownedPool != null) {
      ownedPool.close();
    }
  }

  @Override
  public String toString() {
    return "JdbcStores[" + dialect + (ownedPool != null ? ", own pool" : "") + "]";
  }

  /** Builds {@link JdbcStores}. */
  public static final class Builder {
    private final DataSource dataSource;
    private Boolean migrate;
    private DataSource migrationDataSource;
    private Duration retryBudget = DEFAULT_RETRY_BUDGET;

    private Builder(DataSource dataSource) {
      this.dataSource = dataSource;
    }

    /**
     * Whether to run the migrations on start. Default: yes on H2, no on servers (where the stores
     * check that the schema is current and refuse to start otherwise).
     */
    public Builder migrate(boolean migrate) {
      this.migrate = migrate;
      return this;
    }

    /**
     * How long a transaction that conflicts with concurrent ones is run again before the caller
     * gets a {@link StoreUnavailableException}; see {@link JdbcConfig.Builder#retryBudget}.
     *
     * @throws ConfigurationException if negative or longer than {@link JdbcConfig#MAX_RETRY_BUDGET}
     */
    public Builder retryBudget(Duration retryBudget) {
      this.retryBudget = Setup.retryBudget(retryBudget);
      return this;
    }

    /**
     * Detects the database, migrates or checks the schema, and builds the stores.
     *
     * @throws ConfigurationException for an unsupported database or a schema that does not match
     * @throws StoreUnavailableException if the database cannot be reached
     */
    public JdbcStores build() {
      return build(null);
    }

    private JdbcStores build(HikariDataSource ownedPool) {
      Dialect dialect = Setup.detect(dataSource);
      Setup.prepareSchema(
          migrationDataSource != null ? migrationDataSource : dataSource,
          dialect,
          Migrations.Schema.STORES,
          migrate);
      // Migrated or checked: the version the schema is at now is the one this library expects.
      StoreHealthCheck[] healthCheck = new StoreHealthCheck[1];
      Setup.guard(
          "reading the schema version",
          () ->
              healthCheck[0] = new StoreHealthCheck(dataSource, dialect, Migrations.Schema.STORES));
      return new JdbcStores(dataSource, dialect, ownedPool, retryBudget, healthCheck[0]);
    }
  }
}
