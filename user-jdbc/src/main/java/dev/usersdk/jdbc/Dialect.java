package dev.usersdk.jdbc;

import dev.usersdk.ConfigurationException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The databases the JDBC stores support, detected from the connection. Where their SQL or their
 * types differ (migrations, how a UUID or an instant is stored), the difference lives here.
 */
public enum Dialect {
  /** H2 2.x, embedded or in memory: the quickstart default. */
  H2("h2"),
  /** MySQL 8 or newer. */
  MYSQL("mysql"),
  /** MariaDB 10.6 or newer (migrations shared with MySQL). */
  MARIADB("mysql"),
  /** PostgreSQL 13 or newer. */
  POSTGRESQL("postgresql");

  private final String migrationFolder;

  Dialect(String migrationFolder) {
    this.migrationFolder = migrationFolder;
  }

  /** Where this dialect's Flyway migrations of one schema ({@code root}) live in the jar. */
  String migrationLocation(String root) {
    return "classpath:dev/usersdk/jdbc/" + root + "/" + migrationFolder;
  }

  /** Whether the store creates its schema on start unless told otherwise (only embedded H2). */
  boolean migratesByDefault() {
    return this == H2;
  }

  /**
   * The session setting that bounds every statement, lock waits included, for a pooled connection
   * of this dialect; empty for a zero timeout (the server's own settings stay).
   */
  Optional<String> statementTimeoutSql(Duration timeout) {
    if (timeout.isZero()) {
      return Optional.empty();
    }
    long millis = timeout.toMillis();
    long seconds = Math.max(1, (millis + 999) / 1000); // InnoDB counts lock waits in whole seconds
    return Optional.of(
        switch (this) {
          case H2 -> "SET QUERY_TIMEOUT " + millis;
          case POSTGRESQL -> "SET statement_timeout = " + millis;
          case MARIADB ->
              "SET SESSION max_statement_time = "
                  + BigDecimal.valueOf(millis, 3).toPlainString()
                  + ", innodb_lock_wait_timeout = "
                  + seconds;
          case MYSQL ->
              "SET SESSION max_execution_time = "
                  + millis
                  + ", innodb_lock_wait_timeout = "
                  + seconds;
        });
  }

  /**
   * Detects the dialect of a connection; refuses databases and versions usersdk does not support.
   */
  static Dialect of(Connection connection) throws SQLException {
    DatabaseMetaData meta = connection.getMetaData();
    String product = meta.getDatabaseProductName().toLowerCase(Locale.ROOT);
    String version = meta.getDatabaseProductVersion();
    int major = meta.getDatabaseMajorVersion();
    int minor = meta.getDatabaseMinorVersion();
    if (product.contains("h2")) {
      return require(H2, major >= 2, version, "2.x");
    }
    if (product.contains("postgresql")) {
      return require(POSTGRESQL, major >= 13, version, "13");
    }
    // MySQL's driver reports a MariaDB server as "MySQL" with a version like 5.5.5-10.11.6-MariaDB.
    if (product.contains("mariadb") || version.toLowerCase(Locale.ROOT).contains("mariadb")) {
      int[] mariaDb = mariaDbVersion(version, major, minor);
      return require(
          MARIADB, mariaDb[0] > 10 || (mariaDb[0] == 10 && mariaDb[1] >= 6), version, "10.6");
    }
    if (product.contains("mysql")) {
      return require(MYSQL, major >= 8, version, "8.0");
    }
    throw new ConfigurationException(
        "usersdk supports H2, MySQL, MariaDB and PostgreSQL; the data source is "
            + meta.getDatabaseProductName()
            + " "
            + version);
  }

  private static Dialect require(
      Dialect dialect, boolean supported, String version, String minimum) {
    if (!supported) {
      throw new ConfigurationException(
          "usersdk needs "
              + dialect.name().toLowerCase(Locale.ROOT)
              + " "
              + minimum
              + " or newer; the data source is version "
              + version);
    }
    return dialect;
  }

  private static int[] mariaDbVersion(String version, int major, int minor) {
    String text = version.startsWith("5.5.5-") ? version.substring("5.5.5-".length()) : version;
    String[] parts = text.split("[.-]", -1);
    try {
      return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
    } catch (RuntimeException e) {
      return new int[] {major, minor};
    }
  }
}
