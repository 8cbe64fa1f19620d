package dev.usersdk.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usersdk.ConfigurationException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JdbcConfigTest {
  @Test
  void aUrlWinsOverTheParts() {
    JdbcConfig config = JdbcConfig.fromMap(Map.of(
        "USER_SDK_DB_URL", "jdbc:mariadb://mysql.internal:3307/app",
        "USER_SDK_DB_HOST", "ignored",
        "USER_SDK_DB_USER", "app",
        "USER_SDK_DB_PASSWORD", "pw",
        "USER_SDK_DB_POOL_SIZE", "20",
        "USER_SDK_DB_CONNECTION_TIMEOUT_MS", "1500",
        "USER_SDK_DB_MIGRATE", "TRUE"));

    assertThat(config.url()).isEqualTo("jdbc:mariadb://mysql.internal:3307/app");
    assertThat(config.user()).contains("app");
    assertThat(config.password()).contains("pw");
    assertThat(config.maximumPoolSize()).isEqualTo(20);
    assertThat(config.connectionTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(config.migrate()).contains(true);
  }

  @Test
  void thePartsDefaultToTheUsualContainer() {
    assertThat(JdbcConfig.fromMap(Map.of()).url()).isEqualTo("jdbc:postgresql://db:5432/usersdk");
    assertThat(JdbcConfig.fromMap(Map.of("USER_SDK_DB_TYPE", "mariadb", "USER_SDK_DB_NAME", "shop")).url())
        .isEqualTo("jdbc:mariadb://db:3306/shop");
    assertThat(JdbcConfig.fromMap(Map.of("USER_SDK_DB_TYPE", "MySQL", "USER_SDK_DB_HOST", "10.0.0.5",
        "USER_SDK_DB_PORT", "3310")).url()).isEqualTo("jdbc:mysql://10.0.0.5:3310/usersdk");
    assertThat(JdbcConfig.fromMap(Map.of()).migrate()).isEmpty();
  }

  @Test
  void namesTheBadValue() {
    assertThatThrownBy(() -> JdbcConfig.fromMap(Map.of("USER_SDK_DB_TYPE", "oracle")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("'oracle'");
    assertThatThrownBy(() -> JdbcConfig.fromMap(Map.of("USER_SDK_DB_PORT", "70000")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("70000");
    assertThatThrownBy(() -> JdbcConfig.fromMap(Map.of("USER_SDK_DB_POOL_SIZE", "many")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("'many'");
    assertThatThrownBy(() -> JdbcConfig.fromMap(Map.of("USER_SDK_DB_POOL_SIZE", "0")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("was 0");
    assertThatThrownBy(() -> JdbcConfig.fromMap(Map.of("USER_SDK_DB_MIGRATE", "yes")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("'yes'");
    assertThatThrownBy(() -> JdbcConfig.builder("postgres://db/app").build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("jdbc:");
    assertThatThrownBy(() -> JdbcConfig.builder("jdbc:h2:mem:x").connectionTimeout(null).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("connectionTimeout");
  }

  @Test
  void readsTheRetryBudgetAndStatementTimeoutAndBoundsThem() {
    JdbcConfig defaults = JdbcConfig.fromMap(Map.of());
    assertThat(defaults.retryBudget()).isEqualTo(java.time.Duration.ofSeconds(2));
    assertThat(defaults.statementTimeout()).isEqualTo(java.time.Duration.ofSeconds(10));
    JdbcConfig set = JdbcConfig.fromMap(Map.of("USER_SDK_DB_RETRY_BUDGET_MS", "0", "USER_SDK_DB_STATEMENT_TIMEOUT_MS", "2500"));
    assertThat(set.retryBudget()).isZero();
    assertThat(set.statementTimeout()).isEqualTo(java.time.Duration.ofMillis(2500));
    assertThat(set.toString()).contains("retryBudget=PT0S", "statementTimeout=PT2.5S");
    assertThatThrownBy(() -> JdbcConfig.fromMap(Map.of("USER_SDK_DB_RETRY_BUDGET_MS", "60001")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("retryBudget");
    assertThatThrownBy(() -> JdbcConfig.fromMap(Map.of("USER_SDK_DB_RETRY_BUDGET_MS", "-1")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("retryBudget");
    assertThatThrownBy(() -> JdbcConfig.fromMap(Map.of("USER_SDK_DB_STATEMENT_TIMEOUT_MS", "50")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("statementTimeout");
    assertThatThrownBy(() -> JdbcConfig.builder("jdbc:h2:mem:x").statementTimeout(null).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("statementTimeout");
    assertThatThrownBy(() -> JdbcStores.builder(new DriverDataSource(defaults)).retryBudget(java.time.Duration.ofHours(1)))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("retryBudget");
  }

  @Test
  void theStatementTimeoutIsASessionSettingOfEachDialect() {
    java.time.Duration timeout = java.time.Duration.ofMillis(1500);
    assertThat(Dialect.POSTGRESQL.statementTimeoutSql(timeout)).contains("SET statement_timeout = 1500");
    assertThat(Dialect.MARIADB.statementTimeoutSql(timeout))
        .contains("SET SESSION max_statement_time = 1.500, innodb_lock_wait_timeout = 2");
    assertThat(Dialect.MYSQL.statementTimeoutSql(timeout))
        .contains("SET SESSION max_execution_time = 1500, innodb_lock_wait_timeout = 2");
    assertThat(Dialect.H2.statementTimeoutSql(timeout)).contains("SET QUERY_TIMEOUT 1500");
    assertThat(Dialect.POSTGRESQL.statementTimeoutSql(java.time.Duration.ZERO)).isEmpty();
  }

  @Test
  void neverPrintsThePassword() {
    JdbcConfig config = JdbcConfig.builder("jdbc:postgresql://db/app?user=app&password=in-the-url")
        .password("given-separately").build();
    JdbcConfig h2 = JdbcConfig.builder("jdbc:h2:file:/data/app;PASSWORD=h2-secret").build();

    assertThat(config.toString()).doesNotContain("in-the-url").doesNotContain("given-separately")
        .contains("jdbc:postgresql://db/app?...");
    assertThat(h2.toString()).doesNotContain("h2-secret");
  }
}
