package dev.usersdk.jdbc.internal;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.usersdk.StoreUnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import javax.sql.DataSource;

/**
 * Where the engine's connections come from. A HikariCP pool that times out with every connection in
 * use is reported as exhausted, with its size: the database is up, the application holds too many
 * connections (or too long), and the fix is in the application, not the database.
 */
final class Connections {
  private final DataSource dataSource;

  Connections(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  Connection open() throws SQLException {
    try {
      return dataSource.getConnection();
    } catch (SQLTransientConnectionException e) {
      if (e.getCause() == null && dataSource instanceof HikariDataSource pool) {
        // HikariCP attaches the last failure to connect as the cause; none means none failed:
        // every connection was busy.
        throw exhausted(pool, e);
      }
      throw e;
    }
  }

  private static StoreUnavailableException exhausted(
      HikariDataSource pool, SQLTransientConnectionException e) {
    HikariPoolMXBean stats = pool.getHikariPoolMXBean();
    String inUse =
        stats == null
            ? ""
            : " ("
                + stats.getActiveConnections()
                + " in use, "
                + stats.getThreadsAwaitingConnection()
                + " waiting)";
    return new StoreUnavailableException(
        "the connection pool is exhausted: all "
            + pool.getMaximumPoolSize()
            + " connections were in use for "
            + pool.getConnectionTimeout()
            + " ms"
            + inUse
            + "; the database may be fine: raise the pool size or shorten what holds connections",
        e);
  }
}
