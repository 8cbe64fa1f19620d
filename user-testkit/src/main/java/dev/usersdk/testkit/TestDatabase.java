package dev.usersdk.testkit;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An isolated, empty database for one test class: an in-memory H2 database, a fresh database on a
 * MySQL/MariaDB server, or a fresh schema on a PostgreSQL server. {@link #close()} drops it.
 *
 * <p>Where the servers come from:
 *
 * <ul>
 *   <li>MySQL/MariaDB: {@code USER_SDK_TEST_MYSQL_URL} (a JDBC URL of a database the user may
 *       create databases beside), else a Testcontainers MySQL container when a Docker engine
 *       answers, else the test is skipped with a notice.
 *   <li>PostgreSQL: {@code USER_SDK_TEST_POSTGRES_URL}, else skipped with a notice.
 *   <li>{@code USER_SDK_TEST_REQUIRE=mysql,postgresql} turns those skips into failures (CI sets
 *       it).
 * </ul>
 *
 * Needs the JDBC driver of the database on the test class path.
 */
public final class TestDatabase implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TestDatabase.class);

  /** The kinds of database the JDBC stores are tested on. */
  public enum Kind {
    H2("h2"),
    MYSQL("mysql"),
    POSTGRESQL("postgresql");

    private final String key;

    Kind(String key) {
      this.key = key;
    }
  }

  public static final String MYSQL_URL = "USER_SDK_TEST_MYSQL_URL";
  public static final String POSTGRES_URL = "USER_SDK_TEST_POSTGRES_URL";
  public static final String REQUIRE = "USER_SDK_TEST_REQUIRE";

  private final Kind kind;
  private final String url;
  private final String name;
  private final Runnable drop;

  private TestDatabase(Kind kind, String url, String name, Runnable drop) {
    this.kind = kind;
    this.url = url;
    this.name = name;
    this.drop = drop;
  }

  /** A database of this kind, or a skipped (or, when required, failed) test if none can be had. */
  public static TestDatabase create(Kind kind) {
    return switch (kind) {
      case H2 -> h2();
      case MYSQL -> mysql();
      case POSTGRESQL -> postgresql();
    };
  }

  /** A fresh in-memory H2 database that lives until {@link #close()}. */
  public static TestDatabase h2() {
    String name = uniqueName();
    String url = "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
    return new TestDatabase(Kind.H2, url, name, () -> execute(url, "SHUTDOWN"));
  }

  /**
   * A fresh database on the MySQL/MariaDB server of {@code USER_SDK_TEST_MYSQL_URL} (or a
   * container).
   */
  public static TestDatabase mysql() {
    String base = System.getenv(MYSQL_URL);
    if (base == null || base.isBlank()) {
      base = Containers.mysqlUrl().orElse(null);
    }
    if (base == null) {
      unavailable(
          Kind.MYSQL, MYSQL_URL + " is not set and no Docker engine answered for Testcontainers");
    }
    String name = uniqueName();
    String server = base;
    execute(server, "CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
    return new TestDatabase(
        Kind.MYSQL,
        withDatabase(server, name),
        name,
        () -> execute(server, "DROP DATABASE IF EXISTS " + name));
  }

  /** A fresh schema on the PostgreSQL server of {@code USER_SDK_TEST_POSTGRES_URL}. */
  public static TestDatabase postgresql() {
    String base = System.getenv(POSTGRES_URL);
    if (base == null || base.isBlank()) {
      unavailable(Kind.POSTGRESQL, POSTGRES_URL + " is not set");
    }
    String name = uniqueName();
    execute(base, "CREATE SCHEMA " + name);
    String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + name;
    return new TestDatabase(
        Kind.POSTGRESQL,
        url,
        name,
        () -> execute(base, "DROP SCHEMA IF EXISTS " + name + " CASCADE"));
  }

  public Kind kind() {
    return kind;
  }

  /** The JDBC URL of this database, credentials included where the base URL had them. */
  public String url() {
    return url;
  }

  /** The database (MySQL, H2) or schema (PostgreSQL) name. */
  public String name() {
    return name;
  }

  /** A connection-per-call data source; fine for setup and checks, use a pool for load. */
  public DataSource dataSource() {
    return new DriverManagerDataSource(url);
  }

  @Override
  public void close() {
    drop.run();
  }

  @Override
  public String toString() {
    return kind + "[" + name + "]";
  }

  private static void unavailable(Kind kind, String reason) {
    String message = kind + " tests need a database: " + reason;
    if (required().contains(kind.key)) {
      throw new IllegalStateException(message + " (and " + REQUIRE + " requires " + kind.key + ")");
    }
    log.warn("SKIPPED: {}", message);
    Assumptions.abort(message);
  }

  private static Set<String> required() {
    String value = System.getenv(REQUIRE);
    return value == null
        ? Set.of()
        : Arrays.stream(value.split(","))
            .map(s -> s.strip().toLowerCase(Locale.ROOT))
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toSet());
  }

  private static String uniqueName() {
    return "usersdk_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  /** Replaces the database in {@code jdbc:xxx://host:port/db?params} with {@code name}. */
  static String withDatabase(String url, String name) {
    int hostStart = url.indexOf("//");
    if (hostStart < 0) {
      throw new IllegalArgumentException(
          MYSQL_URL + " must look like jdbc:mariadb://host:port/db?params");
    }
    int slash = url.indexOf('/', hostStart + 2);
    int query = url.indexOf('?');
    String params = query < 0 ? "" : url.substring(query);
    String head =
        slash < 0 || (query >= 0 && slash > query)
            ? (query < 0 ? url : url.substring(0, query))
            : url.substring(0, slash);
    return head + "/" + name + params;
  }

  private static void execute(String url, String sql) {
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "test database setup failed: " + sql + ": " + e.getMessage(), e);
    }
  }

  private static final class DriverManagerDataSource implements DataSource {
    private final String url;

    DriverManagerDataSource(String url) {
      this.url = Objects.requireNonNull(url);
    }

    @Override
    public Connection getConnection() throws SQLException {
      return DriverManager.getConnection(url);
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      return DriverManager.getConnection(url, user, password);
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
    public java.util.logging.Logger getParentLogger() {
      return java.util.logging.Logger.getGlobal();
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
}
