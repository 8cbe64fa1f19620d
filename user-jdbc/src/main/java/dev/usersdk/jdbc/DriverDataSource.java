package dev.usersdk.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/** Unpooled connections from a {@link JdbcConfig}, for the migrations run at start. */
final class DriverDataSource implements DataSource {
  private final JdbcConfig config;

  DriverDataSource(JdbcConfig config) {
    this.config = config;
  }

  @Override
  public Connection getConnection() throws SQLException {
    Properties properties = new Properties();
    config.user().ifPresent(user -> properties.setProperty("user", user));
    config.password().ifPresent(password -> properties.setProperty("password", password));
    connectTimeouts(config, properties);
    return DriverManager.getConnection(config.url(), properties);
  }

  /**
   * Bounds connecting by the configured connection timeout, where the URL does not set its own: a
   * server that drops packets, or accepts and never answers, would otherwise hold a tool (or the
   * dialect check before the pool starts) for the driver's default, which for PostgreSQL is for
   * ever.
   */
  private static void connectTimeouts(JdbcConfig config, Properties properties) {
    String url = config.url();
    long millis = Math.max(1, config.connectionTimeout().toMillis());
    long seconds = Math.max(1, (millis + 999) / 1000);
    if (url.startsWith("jdbc:postgresql:")) {
      if (!url.contains("connectTimeout=")) {
        properties.setProperty("connectTimeout", String.valueOf(seconds));
      }
      if (!url.contains("loginTimeout=")) {
        properties.setProperty("loginTimeout", String.valueOf(seconds));
      }
    } else if ((url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:"))
        && !url.contains("connectTimeout=")) {
      properties.setProperty("connectTimeout", String.valueOf(millis));
    }
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    return DriverManager.getConnection(config.url(), user, password);
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {}

  @Override
  public void setLoginTimeout(int seconds) {}

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    throw new SQLException("not a wrapper");
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return false;
  }
}
