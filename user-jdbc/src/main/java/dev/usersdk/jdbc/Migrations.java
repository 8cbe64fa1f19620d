package dev.usersdk.jdbc;

import dev.usersdk.ConfigurationException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;

/**
 * usersdk's schema, owned by Flyway with its own history table ({@value #HISTORY_TABLE}) and its
 * own migration location inside the jar, so it lives beside a host's Flyway migrations and tables
 * without touching them.
 */
final class Migrations {
  static final String HISTORY_TABLE = "usersdk_schema_history";

  private final Flyway flyway;

  Migrations(DataSource dataSource, Dialect dialect) {
    this.flyway =
        Flyway.configure(Migrations.class.getClassLoader())
            .dataSource(dataSource)
            .locations(dialect.migrationLocation())
            .table(HISTORY_TABLE)
            // A host's schema is rarely empty; start our history at 0 beside its tables, then apply
            // V1+.
            .baselineOnMigrate(true)
            .baselineVersion("0")
            .failOnMissingLocations(true)
            .load();
  }

  /** Applies what is missing; returns how many migrations ran (0 when up to date). */
  int migrate() {
    refuseNewerSchema(flyway.info().all());
    return flyway.migrate().migrationsExecuted;
  }

  /** Fails unless the schema is exactly what this version of usersdk expects. */
  void verifyCurrent() {
    MigrationInfoService info = flyway.info(); // one read of the history table for both checks
    refuseNewerSchema(info.all());
    MigrationInfo[] pending = info.pending();
    if (pending.length > 0) {
      throw new ConfigurationException(
          "the usersdk schema is missing or older than this library ("
              + pending.length
              + " migration(s) pending, up to version "
              + pending[pending.length - 1].getVersion()
              + "); run JdbcStores.migrate(dataSource) or build the stores with migrate(true)");
    }
  }

  /**
   * Flyway ignores applied migrations it does not know by default; for us they mean a newer usersdk
   * has upgraded this database, and writing with older code could corrupt it.
   */
  private static void refuseNewerSchema(MigrationInfo[] all) {
    Optional<MigrationInfo> future =
        Arrays.stream(all)
            .filter(
                m ->
                    m.getState() == MigrationState.FUTURE_SUCCESS
                        || m.getState() == MigrationState.FUTURE_FAILED)
            .max(Comparator.comparing(MigrationInfo::getVersion));
    if (future.isPresent()) {
      String known =
          Arrays.stream(all)
              .filter(
                  m ->
                      m.getState() != MigrationState.FUTURE_SUCCESS
                          && m.getState() != MigrationState.FUTURE_FAILED
                          && m.getVersion() != null)
              .map(m -> m.getVersion().toString())
              .reduce((a, b) -> b)
              .orElse("none");
      throw new ConfigurationException(
          "the usersdk schema in this database is at version "
              + future.get().getVersion()
              + ", newer than this library knows ("
              + known
              + "); upgrade usersdk instead of running an older version against it");
    }
  }
}
