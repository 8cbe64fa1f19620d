package dev.usersdk.cli;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.usersdk.jdbc.JdbcConfig;
import dev.usersdk.jdbc.JdbcStores;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;

@Command(
    name = "migrate",
    description =
        "Brings the usersdk schema up to this version (applies what is missing, nothing else).")
final class MigrateCommand extends Action {
  MigrateCommand(Cli cli) {
    super(cli);
  }

  @Override
  int run() {
    JdbcConfig config = cli.jdbcConfig();
    HikariConfig pool = new HikariConfig();
    pool.setJdbcUrl(config.url());
    config.user().ifPresent(pool::setUsername);
    config.password().ifPresent(pool::setPassword);
    pool.setMaximumPoolSize(2);
    pool.setPoolName("usersdk-cli-migrate");
    int applied;
    try (HikariDataSource dataSource = new HikariDataSource(pool)) {
      applied = JdbcStores.migrate(dataSource);
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("applied", applied);
    result.put("schema_version", cli.client().health().store().schemaVersion().orElse(null));
    return print(result);
  }
}
