package dev.usersdk.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usersdk.ConfigurationException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class DialectTest {
  @Test
  void detectsEverySupportedServer() throws Exception {
    assertThat(Dialect.of(connection("H2", "2.5.252 (2026-10-01)", 2, 5))).isEqualTo(Dialect.H2);
    assertThat(Dialect.of(connection("PostgreSQL", "16.4", 16, 4))).isEqualTo(Dialect.POSTGRESQL);
    assertThat(Dialect.of(connection("MySQL", "8.4.2", 8, 4))).isEqualTo(Dialect.MYSQL);
    assertThat(Dialect.of(connection("MariaDB", "10.11.9-MariaDB-0+deb12u1", 10, 11))).isEqualTo(Dialect.MARIADB);
    // MySQL's own driver reports a MariaDB server as "MySQL 5.5.5-...".
    assertThat(Dialect.of(connection("MySQL", "5.5.5-11.4.2-MariaDB", 5, 5))).isEqualTo(Dialect.MARIADB);
  }

  @Test
  void refusesOtherDatabasesAndOldVersionsByName() {
    assertThatThrownBy(() -> JdbcStores.create(dataSource(connection("Oracle", "23.4", 23, 4))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("Oracle 23.4");
    assertThatThrownBy(() -> Dialect.of(connection("PostgreSQL", "12.19", 12, 19)))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("13 or newer").hasMessageContaining("12.19");
    assertThatThrownBy(() -> Dialect.of(connection("MySQL", "5.7.44", 5, 7)))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("8.0");
    assertThatThrownBy(() -> Dialect.of(connection("MariaDB", "10.5.20-MariaDB", 10, 5)))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("10.6");
  }

  private static DataSource dataSource(Connection connection) {
    return (DataSource) Proxy.newProxyInstance(DialectTest.class.getClassLoader(), new Class<?>[] {DataSource.class},
        (proxy, method, args) -> method.getName().equals("getConnection") ? connection : null);
  }

  private static Connection connection(String product, String version, int major, int minor) {
    DatabaseMetaData meta = (DatabaseMetaData) Proxy.newProxyInstance(DialectTest.class.getClassLoader(),
        new Class<?>[] {DatabaseMetaData.class}, (proxy, method, args) -> {
          switch (method.getName()) {
            case "getDatabaseProductName": return product;
            case "getDatabaseProductVersion": return version;
            case "getDatabaseMajorVersion": return major;
            case "getDatabaseMinorVersion": return minor;
            default: throw new UnsupportedOperationException(method.getName());
          }
        });
    return (Connection) Proxy.newProxyInstance(DialectTest.class.getClassLoader(), new Class<?>[] {Connection.class},
        (proxy, method, args) -> {
          switch (method.getName()) {
            case "getMetaData": return meta;
            case "close": return null;
            default: throw new UnsupportedOperationException(method.getName());
          }
        });
  }
}
