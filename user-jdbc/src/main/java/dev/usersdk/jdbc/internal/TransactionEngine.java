package dev.usersdk.jdbc.internal;

import dev.usersdk.StoreUnavailableException;
import dev.usersdk.jdbc.Dialect;
import dev.usersdk.spi.TransactionWork;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.jdbi.v3.core.ConnectionFactory;
import org.jdbi.v3.core.Handles;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the JDBC stores run work: one transaction per call on a pooled connection, bound to the
 * calling thread so that nested calls join it, retried with a randomised back-off when the database
 * reports a conflict (deadlock, serialization failure), and translated at the boundary so no driver
 * or Jdbi exception escapes. {@code JdbcStores} is the front door; this is its engine.
 */
public final class TransactionEngine {
  private static final Logger log = LoggerFactory.getLogger(TransactionEngine.class);

  /** Attempts in all for a transaction that keeps conflicting. */
  public static final int MAX_ATTEMPTS = 3;

  private final DataSource dataSource;
  private final Jdbi jdbi;
  private final SqlTypes types;

  // Per engine, not static: two JdbcStores on one thread (two databases) must not see each
  // other's transaction.
  @SuppressWarnings("ThreadLocalUsage")
  private final ThreadLocal<JdbcTransaction> current = new ThreadLocal<>();

  public TransactionEngine(DataSource dataSource, Dialect dialect) {
    this.dataSource = dataSource;
    // Jdbi never opens or ends anything itself: its handles work on the connection of the
    // transaction running on this thread, which this engine begins, commits and closes.
    this.jdbi =
        Jdbi.create(
                new ConnectionFactory() {
                  @Override
                  public Connection openConnection() {
                    JdbcTransaction tx = current.get();
                    if (tx == null) {
                      throw new IllegalStateException("no usersdk transaction on this thread");
                    }
                    return tx.connection();
                  }

                  @Override
                  public void closeConnection(Connection connection) {
                    // The transaction's connection: closed by runOnce or read, not by the handle.
                  }
                })
            .installPlugin(new SqlObjectPlugin());
    // A handle is closed while its transaction is still open (the commit comes after); that is
    // by design here, not the leak Jdbi's check guards against.
    jdbi.getConfig(Handles.class).setForceEndTransactions(false);
    // Filters bind only the parameters their SQL fragments use; absent ones are simply not bound.
    jdbi.getConfig(SqlStatements.class).setUnusedBindingAllowed(true);
    this.types = new SqlTypes(dialect);
    RowMappers.register(jdbi, types);
  }

  /** Runs {@code work} in the transaction running on this thread, or in a new one. */
  public <T> T inTransaction(TransactionWork<T> work) {
    Objects.requireNonNull(work, "work");
    JdbcTransaction outer = current.get();
    if (outer != null) {
      return work.execute(outer);
    }
    for (int attempt = 1; ; attempt++) {
      try {
        return runOnce(work);
      } catch (JdbiException | SqlFailure e) {
        // Only database failures are translated; whatever the work itself throws passes unchanged.
        if (attempt < MAX_ATTEMPTS && SqlErrors.isConflict(e)) {
          log.debug(
              "transaction conflicted (attempt {} of {}); running it again", attempt, MAX_ATTEMPTS);
          backOff(attempt);
          continue;
        }
        throw SqlErrors.translate("a usersdk transaction", e);
      }
    }
  }

  /**
   * Runs read-only, single-statement work on a connection in auto-commit mode: the statement is the
   * only round trip (a transaction would add a begin, a commit and, on MySQL, two autocommit
   * switches). Joins a transaction already running on this thread; falls back to a transaction when
   * the host's pool hands out connections with auto-commit off.
   */
  public <T> T read(TransactionWork<T> work) {
    Objects.requireNonNull(work, "work");
    if (current.get() != null) {
      return inTransaction(work);
    }
    try (Connection connection = dataSource.getConnection()) {
      if (connection.getAutoCommit()) {
        return runOn(connection, work);
      }
    } catch (SQLException | JdbiException | SqlFailure e) {
      throw SqlErrors.translate("a usersdk read", e);
    }
    return inTransaction(work);
  }

  /**
   * One attempt: the transaction is plain JDBC on a pooled connection, and Jdbi joins it only when
   * the work needs a DAO. A deduction, the hottest path, then costs what hand-written JDBC costs
   * (Jdbi's handle set-up per transaction was a measurable share of the CPU on a small server; see
   * the README's performance section).
   */
  private <T> T runOnce(TransactionWork<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      if (autoCommit) {
        connection.setAutoCommit(false);
      }
      T result;
      try {
        result = runOn(connection, work);
        connection.commit();
      } catch (RuntimeException | Error | SQLException e) {
        rollbackQuietly(connection, e);
        if (autoCommit) {
          restoreAutoCommit(connection, e);
        }
        throw e;
      }
      if (autoCommit) {
        restoreAutoCommit(connection, null); // as the pool handed it out
      }
      return result;
    } catch (SQLException e) {
      throw new SqlFailure(e);
    }
  }

  /** Runs the work as this thread's transaction on {@code connection}, so nested calls join it. */
  private <T> T runOn(Connection connection, TransactionWork<T> work) {
    JdbcTransaction tx = new JdbcTransaction(connection, jdbi, types);
    current.set(tx);
    Throwable failure = null;
    try {
      return work.execute(tx);
    } catch (RuntimeException | Error e) {
      failure = e;
      throw e;
    } finally {
      current.remove();
      if (failure == null) {
        tx.close();
      } else {
        try {
          tx.close();
        } catch (RuntimeException closeFailure) {
          failure.addSuppressed(closeFailure); // the work's own failure is the one to report
        }
      }
    }
  }

  /**
   * Switches auto-commit back on. After a failure, a failure to do so rides along with it; after a
   * commit the work has happened, so it is only logged: reporting it would make a caller retry a
   * deduction that took place (the pool resets the flag anyway).
   */
  private static void restoreAutoCommit(Connection connection, Throwable failure) {
    try {
      connection.setAutoCommit(true);
    } catch (SQLException | RuntimeException e) {
      if (failure != null) {
        failure.addSuppressed(e);
      } else {
        log.warn("could not switch auto-commit back on after a commit: {}", e.toString());
      }
    }
  }

  private static void rollbackQuietly(Connection connection, Throwable failure) {
    try {
      connection.rollback();
    } catch (SQLException | RuntimeException rollbackFailure) {
      failure.addSuppressed(rollbackFailure);
    }
  }

  private static void backOff(int attempt) {
    try {
      // A few milliseconds, growing with the attempt, randomised so the retries do not collide
      // again.
      Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5L << attempt));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException(
          "interrupted while retrying a conflicting transaction", e);
    }
  }
}
