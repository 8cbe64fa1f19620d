package dev.usersdk.testkit;

import java.util.Optional;

/**
 * The Testcontainers fallback for MySQL. Testcontainers is an optional dependency: this class only
 * touches it when it is on the class path, and starts one container per JVM, reused by every test
 * class (each still gets its own database).
 */
final class Containers {
  private static Optional<String> mysqlUrl;

  private Containers() {}

  static synchronized Optional<String> mysqlUrl() {
    if (mysqlUrl == null) {
      mysqlUrl = startMysql();
    }
    return mysqlUrl;
  }

  private static Optional<String> startMysql() {
    try {
      Class.forName("org.testcontainers.mysql.MySQLContainer");
    } catch (ClassNotFoundException e) {
      return Optional.empty();
    }
    return MysqlContainer.start();
  }

  /** Separate so that loading {@link Containers} never loads Testcontainers classes. */
  private static final class MysqlContainer {
    static Optional<String> start() {
      if (!org.testcontainers.DockerClientFactory.instance().isDockerAvailable()) {
        return Optional.empty();
      }
      @SuppressWarnings("resource") // lives as long as the JVM; Testcontainers' reaper removes it
      org.testcontainers.mysql.MySQLContainer container =
          new org.testcontainers.mysql.MySQLContainer("mysql:8.4")
              .withUsername("root")
              .withPassword("test");
      container.start();
      // The MariaDB driver speaks to MySQL 8 too; the tests carry one driver for the whole family.
      return Optional.of(
          "jdbc:mariadb://"
              + container.getHost()
              + ":"
              + container.getMappedPort(3306)
              + "/test?user=root&password=test&allowPublicKeyRetrieval=true&sslMode=disable");
    }
  }
}
