package dev.usersdk.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.usersdk.ConfigurationException;
import dev.usersdk.UserSdkException;
import dev.usersdk.jdbc.internal.SqlErrors;
import java.sql.Connection;
import java.time.Duration;
import java.util.function.BiFunction;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link JdbcStores} and {@link JdbcMirrorStore} do alike before their first transaction:
 * detect the database, build a pool, migrate or check a schema, each failure translated at the
 * module boundary.
 */
final class Setup {
  private static final Logger log = LoggerFactory.getLogger(Setup.class);

  private Setup() {}

  static Dialect detect(DataSource dataSource) {
    Dialect[] dialect = new Dialect[1];
    guard(
        "connecting to the database",
        () -> {
          try (Connection connection = dataSource.getConnection()) {
            dialect[0] = Dialect.of(connection);
          }
        });
    return dialect[0];
  }

  static HikariDataSource pool(JdbcConfig config, Dialect dialect, String name) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName(name);
    hikari.setJdbcUrl(config.url());
    config.user().ifPresent(hikari::setUsername);
    config.password().ifPresent(hikari::setPassword);
    hikari.setMaximumPoolSize(config.maximumPoolSize());
    hikari.setConnectionTimeout(config.connectionTimeout().toMillis());
    // Every store operation is a short transaction with conditional writes; READ COMMITTED is
    // enough and avoids MySQL's gap locks under REPEATABLE READ.
    hikari.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
    dialect.statementTimeoutSql(config.statementTimeout()).ifPresent(hikari::setConnectionInitSql);
    HikariDataSource[] pool = new HikariDataSource[1];
    guard(
        "opening a connection pool to " + config.redactedUrl(),
        () -> pool[0] = new HikariDataSource(hikari));
    return pool[0];
  }

  /**
   * Builds something on a pool of its own made from {@code config}: the pool and an unpooled source
   * for the migrations (Flyway holds a second connection while it migrates, which a small pool may
   * not have) are handed to {@code build}; the pool is closed again if building fails.
   */
  static <T> T onOwnPool(
      JdbcConfig config, String poolName, BiFunction<HikariDataSource, DataSource, T> build) {
    // The same unpooled source tells the dialect, which the pool's session settings depend on.
    DataSource unpooled = new DriverDataSource(config);
    HikariDataSource pool = pool(config, detect(unpooled), poolName);
    try {
      return build.apply(pool, unpooled);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  /**
   * Migrates {@code schema} when asked (by default only on H2), else checks that it is exactly what
   * this library expects.
   */
  static void prepareSchema(
      DataSource dataSource, Dialect dialect, Migrations.Schema schema, Boolean migrate) {
    if (migrate != null ? migrate : dialect.migratesByDefault()) {
      runMigrations(dataSource, dialect, schema);
    } else {
      guard(
          "checking " + schema.description,
          () -> new Migrations(dataSource, dialect, schema).verifyCurrent());
    }
  }

  static int runMigrations(DataSource dataSource, Dialect dialect, Migrations.Schema schema) {
    int[] applied = new int[1];
    guard(
        "migrating " + schema.description,
        () -> applied[0] = new Migrations(dataSource, dialect, schema).migrate());
    if (applied[0] > 0) {
      log.info(
          "{} migrated: {} migration(s) applied on {}", schema.description, applied[0], dialect);
    }
    return applied[0];
  }

  /** The retry budget, checked as {@link JdbcConfig.Builder#retryBudget} checks it. */
  static Duration retryBudget(Duration retryBudget) {
    if (retryBudget == null
        || retryBudget.isNegative()
        || retryBudget.compareTo(JdbcConfig.MAX_RETRY_BUDGET) > 0) {
      throw new ConfigurationException(
          "retryBudget must be between 0 and "
              + JdbcConfig.MAX_RETRY_BUDGET.toMillis()
              + " ms, was "
              + retryBudget);
    }
    return retryBudget;
  }

  interface SqlAction {
    void run() throws Exception;
  }

  /** Runs setup code, translating whatever it throws at the module boundary. */
  static void guard(String what, SqlAction action) {
    try {
      action.run();
    } catch (UserSdkException e) {
      throw e;
    } catch (Exception e) {
      throw SqlErrors.translate(what, e);
    }
  }
}
