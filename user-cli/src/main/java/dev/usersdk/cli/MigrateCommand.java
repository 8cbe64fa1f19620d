package dev.usersdk.cli;

import dev.usersdk.jdbc.JdbcStores;
import java.time.Duration;
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
    int applied = JdbcStores.migrate(cli.jdbcConfig());
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("applied", applied);
    result.put(
        "schema_version", cli.stores().health(Duration.ofSeconds(5)).schemaVersion().orElse(null));
    return print(result);
  }
}
