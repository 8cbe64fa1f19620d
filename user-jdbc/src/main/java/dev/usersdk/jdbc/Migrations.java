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
 * A usersdk schema, owned by Flyway with its own history table and its own migration location
 * inside the jar, so it lives beside a host's Flyway migrations and tables without touching them.
 */
final class Migrations {
  /** The schemas usersdk manages, each migrated on its own. */
  enum Schema {
    /** The owner's stores ({@link JdbcStores}). */
    STORES(
        "usersdk_schema_history",
        "migration",
        "the usersdk schema",
        "run JdbcStores.migrate(dataSource) or build the stores with migrate(true)"),
    /** A mirror of another service's users ({@link JdbcMirrorStore}), in the mirroring service. */
    MIRROR(
        "usersdk_mirror_schema_history",
        "mirror",
        "the usersdk mirror schema",
        "run JdbcMirrorStore.migrate(dataSource) or build the store with migrate(true)");

    final String historyTable;
    final String folder;
    final String description;
    final String remedy;

    Schema(String historyTable, String folder, String description, String remedy) {
      this.historyTable = historyTable;
      this.folder = folder;
      this.description = description;
      this.remedy = remedy;
    }
  }

  private final Flyway flyway;
  private final Schema schema;

  Migrations(DataSource dataSource, Dialect dialect, Schema schema) {
    this.schema = schema;
    this.flyway =
        Flyway.configure(Migrations.class.getClassLoader())
            .dataSource(dataSource)
            .locations(dialect.migrationLocation(schema.folder))
            .table(schema.historyTable)
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
          schema.description
              + " is missing or older than this library ("
              + pending.length
              + " migration(s) pending, up to version "
              + pending[pending.length - 1].getVersion()
              + "); "
              + schema.remedy);
    }
  }

  /**
   * Flyway ignores applied migrations it does not know by default; for us they mean a newer usersdk
   * has upgraded this database, and writing with older code could corrupt it.
   */
  private void refuseNewerSchema(MigrationInfo[] all) {
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
          schema.description
              + " in this database is at version "
              + future.get().getVersion()
              + ", newer than this library knows ("
              + known
              + "); upgrade usersdk instead of running an older version against it");
    }
  }
}
