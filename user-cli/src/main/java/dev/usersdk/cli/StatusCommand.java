package dev.usersdk.cli;

import dev.usersdk.UserSdkException;
import dev.usersdk.health.Health;
import dev.usersdk.health.HealthStatus;
import dev.usersdk.health.StoreHealth;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "status",
    description =
        "The store's health (round trip, schema version against this version's, pool) and how many"
            + " users there are. Exits 1 unless the store is UP (DOWN when it cannot be reached).")
final class StatusCommand extends Action {
  @Option(
      names = "--timeout",
      paramLabel = "<ms>",
      defaultValue = "5000",
      description = "How long to wait for the store (default ${DEFAULT-VALUE} ms).")
  long timeoutMillis;

  StatusCommand(Cli cli) {
    super(cli);
  }

  @Override
  int run() {
    try {
      cli.client();
    } catch (UserSdkException e) {
      if (!e.retryable()) {
        throw e; // a schema behind the jar, a bad setting: not "down", wrong
      }
      Map<String, Object> down = new LinkedHashMap<>();
      down.put("status", HealthStatus.DOWN);
      down.put("problem", e.code() + ": " + e.getMessage());
      print(down);
      return ExitCode.FAILED;
    }
    Health health = cli.client().health(Duration.ofMillis(timeoutMillis));
    StoreHealth store = health.store();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("status", health.status());
    result.put("dialect", cli.stores().dialect());
    result.put("round_trip_ms", store.roundTrip().toMillis());
    result.put("schema_version", store.schemaVersion().orElse(null));
    result.put("expected_schema_version", store.expectedSchemaVersion().orElse(null));
    store
        .pool()
        .ifPresent(
            pool -> {
              result.put("pool_active", pool.active());
              result.put("pool_idle", pool.idle());
              result.put("pool_waiting", pool.waiting());
              result.put("pool_max", pool.max());
            });
    store.problem().ifPresent(problem -> result.put("problem", problem));
    if (store.status() != HealthStatus.DOWN) {
      result.put("users", cli.client().users().summary().count());
    }
    print(result);
    return health.status() == HealthStatus.UP ? ExitCode.OK : ExitCode.FAILED;
  }
}
