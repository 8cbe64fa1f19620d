package dev.usersdk.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.usersdk.ConfigurationException;
import dev.usersdk.StoreUnavailableException;
import dev.usersdk.jdbc.internal.MirrorRows;
import dev.usersdk.jdbc.internal.TransactionEngine;
import dev.usersdk.mirror.MirrorRow;
import dev.usersdk.mirror.MirrorStore;
import dev.usersdk.user.UserId;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The {@link dev.usersdk.mirror.UserMirror}'s rows in the mirroring service's own database (H2,
 * MySQL 8, MariaDB 10.6+ or PostgreSQL 13+): one table, {@code usersdk_mirror_users}, created by
 * the mirror's own Flyway migrations with their own history table ({@code
 * usersdk_mirror_schema_history}), beside the host's schema and independent of {@link JdbcStores}
 * (a mirroring service has no usersdk users tables). The same migration policy and the same store
 * exceptions as {@link JdbcStores}.
 *
 * <pre>{@code
 * UserMirror mirror = UserMirror.builder(JdbcMirrorStore.create(dataSource))
 *     .hostFields(HostFields.seeds()).build();
 * }</pre>
 */
public final class JdbcMirrorStore implements MirrorStore {
  private final Dialect dialect;
  private final HikariDataSource ownedPool;
  private final MirrorRows rows;

  private JdbcMirrorStore(
      DataSource dataSource, Dialect dialect, HikariDataSource ownedPool, Duration retryBudget) {
    this.dialect = dialect;
    this.ownedPool = ownedPool;
    this.rows = new MirrorRows(new TransactionEngine(dataSource, dialect, retryBudget), dialect);
  }

  /** A store on the host's data source, with the default migration policy of its dialect. */
  public static JdbcMirrorStore create(DataSource dataSource) {
    return builder(dataSource).build();
  }

  public static Builder builder(DataSource dataSource) {
    return new Builder(Objects.requireNonNull(dataSource, "dataSource"));
  }

  /** A store on a HikariCP pool built from {@code config}; {@link #close()} shuts the pool. */
  public static JdbcMirrorStore fromConfig(JdbcConfig config) {
    return Setup.onOwnPool(
        config,
        "usersdk-mirror",
        (pool, unpooled) -> {
          Builder builder = builder(pool).retryBudget(config.retryBudget());
          config.migrate().ifPresent(builder::migrate);
          builder.migrationDataSource = unpooled;
          return builder.build(pool);
        });
  }

  /**
   * Brings the mirror schema up to date; a no-op when it already is.
   *
   * @return how many migrations ran
   */
  public static int migrate(DataSource dataSource) {
    return Setup.runMigrations(dataSource, Setup.detect(dataSource), Migrations.Schema.MIRROR);
  }

  public Dialect dialect() {
    return dialect;
  }

  @Override
  public void apply(MirrorRow row) {
    rows.apply(Objects.requireNonNull(row, "row"));
  }

  @Override
  public Optional<StoredMirrorRow> find(UserId userId) {
    return rows.find(Objects.requireNonNull(userId, "userId"));
  }

  @Override
  public Optional<StoredMirrorRow> updateHost(UserId userId, UnaryOperator<String> change) {
    return rows.updateHost(
        Objects.requireNonNull(userId, "userId"), Objects.requireNonNull(change, "change"));
  }

  @Override
  public long count() {
    return rows.count();
  }

  @Override
  public void reconcile(MirrorRow row) {
    rows.reconcile(Objects.requireNonNull(row, "row"));
  }

  @Override
  public List<Entry> live(@Nullable UserId after, int limit) {
    return rows.live(after, limit);
  }

  @Override
  public Optional<String> state(String name) {
    return rows.state(Objects.requireNonNull(name, "name"));
  }

  @Override
  public void saveState(String name, String value) {
    rows.saveState(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
  }

  /** Shuts the pool if this store built it; a host's data source is left alone. */
  @Override
  public void close() {
    if (ownedPool != null) {
      ownedPool.close();
    }
  }

  @Override
  public String toString() {
    return "JdbcMirrorStore[" + dialect + (ownedPool != null ? ", own pool" : "") + "]";
  }

  /** Builds a {@link JdbcMirrorStore}. */
  public static final class Builder {
    private final DataSource dataSource;
    private Boolean migrate;
    private DataSource migrationDataSource;
    private Duration retryBudget = JdbcStores.DEFAULT_RETRY_BUDGET;

    private Builder(DataSource dataSource) {
      this.dataSource = dataSource;
    }

    /**
     * Whether to run the mirror's migrations on start. Default: yes on H2, no on servers (where the
     * store checks that the schema is current and refuses to start otherwise).
     */
    public Builder migrate(boolean migrate) {
      this.migrate = migrate;
      return this;
    }

    /** See {@link JdbcStores.Builder#retryBudget}. */
    public Builder retryBudget(Duration retryBudget) {
      this.retryBudget = Setup.retryBudget(retryBudget);
      return this;
    }

    /**
     * Detects the database, migrates or checks the mirror schema, and builds the store.
     *
     * @throws ConfigurationException for an unsupported database or a schema that does not match
     * @throws StoreUnavailableException if the database cannot be reached
     */
    public JdbcMirrorStore build() {
      return build(null);
    }

    private JdbcMirrorStore build(HikariDataSource ownedPool) {
      Dialect dialect = Setup.detect(dataSource);
      Setup.prepareSchema(
          migrationDataSource != null ? migrationDataSource : dataSource,
          dialect,
          Migrations.Schema.MIRROR,
          migrate);
      return new JdbcMirrorStore(dataSource, dialect, ownedPool, retryBudget);
    }
  }
}
