package dev.usersdk.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.usersdk.health.HealthStatus;
import dev.usersdk.health.PoolUsage;
import dev.usersdk.health.StoreHealth;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * The health of a database store: one statement that both proves the round trip and reads the
 * schema version in place (the newest successful row of the history table), and the pool's usage.
 */
final class StoreHealthCheck {
  private final DataSource dataSource;
  private final String versionQuery;
  private final String expectedVersion;

  /**
   * Reads the schema's version once, as the version to expect: built after the stores migrated or
   * checked the schema, it is then exactly what this library needs (no second Flyway pass at
   * start-up).
   */
  StoreHealthCheck(DataSource dataSource, Dialect dialect, Migrations.Schema schema)
      throws SQLException {
    this.dataSource = dataSource;
    // Flyway quotes its identifiers (lower case); MySQL and MariaDB take them unquoted.
    UnaryOperator<String> name =
        dialect == Dialect.MYSQL || dialect == Dialect.MARIADB ? n -> n : n -> '"' + n + '"';
    this.versionQuery =
        "SELECT "
            + name.apply("version")
            + " FROM "
            + name.apply(schema.historyTable)
            + " WHERE "
            + name.apply("success")
            + " = TRUE AND "
            + name.apply("version")
            + " IS NOT NULL ORDER BY "
            + name.apply("installed_rank")
            + " DESC";
    this.expectedVersion = currentVersion(Duration.ofSeconds(30)).orElse("0");
  }

  StoreHealth check(Duration timeout) {
    long start = System.nanoTime();
    Optional<String> found;
    try {
      found = currentVersion(timeout);
    } catch (SQLException | RuntimeException e) {
      // Not the driver's message: it may name the user, the host or (in some drivers) the URL.
      return StoreHealth.down(
          since(start),
          "the database did not answer ("
              + e.getClass().getSimpleName()
              + (e instanceof SQLException sql && sql.getSQLState() != null
                  ? ", SQLState " + sql.getSQLState()
                  : "")
              + ")");
    }
    Duration roundTrip = since(start);
    Optional<PoolUsage> pool = pool();
    HealthStatus status = HealthStatus.UP;
    Optional<String> problem = Optional.empty();
    if (found.isEmpty() || !found.get().equals(expectedVersion)) {
      status = HealthStatus.DOWN;
      problem =
          Optional.of(
              "the usersdk schema is at version "
                  + found.orElse("none")
                  + ", this library expects "
                  + expectedVersion);
    } else if (pool.isPresent() && pool.get().exhausted()) {
      status = HealthStatus.DEGRADED;
      problem =
          Optional.of(
              "every connection of the pool is in use and "
                  + pool.get().waiting()
                  + " caller(s) wait for one");
    }
    return new StoreHealth(status, roundTrip, found, Optional.of(expectedVersion), pool, problem);
  }

  Optional<PoolUsage> pool() {
    if (!(dataSource instanceof HikariDataSource hikari)) {
      return Optional.empty();
    }
    HikariPoolMXBean bean = hikari.getHikariPoolMXBean();
    if (bean == null) {
      return Optional.empty(); // not started yet
    }
    return Optional.of(
        new PoolUsage(
            bean.getActiveConnections(),
            bean.getIdleConnections(),
            hikari.getMaximumPoolSize(),
            bean.getThreadsAwaitingConnection()));
  }

  /** The newest successful migration's version: one statement, which is also the round trip. */
  private Optional<String> currentVersion(Duration timeout) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(versionQuery)) {
      statement.setMaxRows(1);
      statement.setQueryTimeout((int) Math.max(1, (timeout.toMillis() + 999) / 1000));
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
      }
    }
  }

  private static Duration since(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
