package dev.usersdk.jdbc.internal;

import dev.usersdk.OutcomeUnknownException;
import dev.usersdk.StoreUnavailableException;
import dev.usersdk.jdbc.Dialect;
import dev.usersdk.observe.Observer;
import dev.usersdk.spi.TransactionWork;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
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
 * calling thread so that nested calls join it, run again with a jittered exponential back-off when
 * the database reports a conflict (deadlock, serialization or certification failure, lock-wait
 * timeout) until a time budget is spent, and translated at the boundary so no driver or Jdbi
 * exception escapes. A connection lost while the COMMIT was on its way is {@link
 * OutcomeUnknownException}, never "did not happen". {@code JdbcStores} is the front door; this is
 * its engine.
 */
public final class TransactionEngine {
  private static final Logger log = LoggerFactory.getLogger(TransactionEngine.class);

  /** The first back-off after a conflict, and the longest: they double, with full jitter. */
  private static final long FIRST_BACKOFF_MICROS = 2_000;

  private static final long LONGEST_BACKOFF_MICROS = 200_000;

  private final Connections connections;
  private final Jdbi jdbi;
  private final SqlTypes types;
  private final Duration retryBudget;

  // Per engine, not static: two JdbcStores on one thread (two databases) must not see each
  // other's transaction.
  @SuppressWarnings("ThreadLocalUsage")
  private final ThreadLocal<JdbcTransaction> current = new ThreadLocal<>();

  /** Told of each retry; set once a client is built on these stores. */
  private volatile Observer observer = Observer.none();

  /**
   * An engine on {@code dataSource}; conflicting transactions are run again until {@code
   * retryBudget} has passed since the first attempt began ({@link Duration#ZERO}: never).
   */
  public TransactionEngine(DataSource dataSource, Dialect dialect, Duration retryBudget) {
    this.connections = new Connections(dataSource);
    this.retryBudget = retryBudget;
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

  /** Reports retries to {@code observer} from now on. */
  public void observedBy(Observer observer) {
    this.observer = observer;
  }

  /** Whether this thread runs transaction work now (a call would join it). */
  public boolean inTransactionOnThisThread() {
    return current.get() != null;
  }

  /** Runs {@code work} in the transaction running on this thread, or in a new one. */
  public <T> T inTransaction(TransactionWork<T> work) {
    Objects.requireNonNull(work, "work");
    JdbcTransaction outer = current.get();
    if (outer != null) {
      return work.execute(outer);
    }
    long started = System.nanoTime();
    long deadline = started + retryBudget.toNanos();
    for (int attempt = 1; ; attempt++) {
      try {
        return runOnce(work);
      } catch (JdbiException | SqlFailure e) {
        // Only database failures are translated; whatever the work itself throws passes unchanged.
        if (SqlErrors.isConflict(e)) {
          // Lock-wait timeouts spend the same budget: the wait is already behind us.
          long pause = backOffNanos(attempt);
          if (System.nanoTime() + pause < deadline) {
            log.debug("transaction conflicted (attempt {}); running it again", attempt);
            observer.storeRetried(SqlErrors.conflictCause(e));
            sleep(pause);
            continue;
          }
          throw new StoreUnavailableException(
              "a usersdk transaction kept conflicting with concurrent transactions for "
                  + Duration.ofNanos(System.nanoTime() - started).toMillis()
                  + " ms ("
                  + attempt
                  + " attempts); nothing was kept",
              e);
        }
        throw SqlErrors.translate("a usersdk transaction", e);
      }
    }
  }

  /** Plain JDBC work on the transaction's connection, for stores outside the {@code Stores} SPI. */
  @FunctionalInterface
  interface SqlWork<T> {
    T run(Connection connection, SqlTypes types) throws SQLException;
  }

  /**
   * Runs {@code work} in a transaction as {@link #inTransaction(TransactionWork)} does: the same
   * retries, error translation and commit outcome.
   */
  <T> T inSqlTransaction(SqlWork<T> work) {
    return inTransaction(onConnection(work));
  }

  private <T> TransactionWork<T> onConnection(SqlWork<T> work) {
    Objects.requireNonNull(work, "work");
    return tx -> {
      try {
        return work.run(((JdbcTransaction) tx).connection(), types);
      } catch (SQLException e) {
        throw new SqlFailure(e);
      }
    };
  }

  /**
   * One idempotent write statement in auto-commit mode: a single round trip, where a transaction
   * would add a begin, a commit and, on MySQL, two autocommit switches. Conflicts are run again
   * within the retry budget; a connection that fails while the statement runs may have committed
   * it, so that is an {@link OutcomeUnknownException} (the caller repeats the idempotent write).
   * Joins a transaction already running on this thread; falls back to one when the host's pool
   * hands out connections with auto-commit off.
   */
  <T> T autoCommitted(SqlWork<T> work) {
    Objects.requireNonNull(work, "work");
    if (current.get() != null) {
      return inSqlTransaction(work);
    }
    long deadline = System.nanoTime() + retryBudget.toNanos();
    for (int attempt = 1; ; attempt++) {
      Connection connection;
      try {
        connection = connections.open();
      } catch (SQLException e) {
        throw SqlErrors.translate("a usersdk write", e); // nothing was sent
      }
      try (connection) {
        if (!connection.getAutoCommit()) {
          break;
        }
        return work.run(connection, types);
      } catch (SQLException | SqlFailure e) {
        long pause = backOffNanos(attempt);
        if (SqlErrors.isConflict(e) && System.nanoTime() + pause < deadline) {
          observer.storeRetried(SqlErrors.conflictCause(e));
          sleep(pause);
          continue;
        }
        if (SqlErrors.isConnectionFailure(e) && !SqlErrors.isConflict(e)) {
          throw new OutcomeUnknownException(
              "the connection failed while a usersdk write ran: it may or may not have been kept",
              e);
        }
        throw SqlErrors.translate("a usersdk write", e);
      }
    }
    return inSqlTransaction(work);
  }

  /** {@link #read(TransactionWork)} for plain JDBC work. */
  <T> T readSql(SqlWork<T> work) {
    return read(onConnection(work));
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
    try (Connection connection = connections.open()) {
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
    try (Connection connection = connections.open()) {
      boolean autoCommit = connection.getAutoCommit();
      if (autoCommit) {
        connection.setAutoCommit(false);
      }
      T result;
      try {
        result = runOn(connection, work);
        commit(connection);
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

  /**
   * Commits. A connection that fails now may have delivered the COMMIT before it broke: the server
   * may have committed, so the outcome is unknown, not "did not happen". A conflict reported at
   * commit (a Galera certification failure) is a definite rollback and is retried like any other.
   */
  private static void commit(Connection connection) throws SQLException {
    try {
      connection.commit();
    } catch (SQLException e) {
      if (SqlErrors.isConnectionFailure(e) && !SqlErrors.isConflict(e)) {
        throw new OutcomeUnknownException(
            "the connection failed while a usersdk transaction was committing: it may or may not"
                + " have been kept",
            e);
      }
      throw e;
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

  /**
   * Full jitter over an exponentially growing ceiling (2 ms, 4 ms ... 200 ms): retries of
   * transactions that collided spread out instead of colliding again.
   */
  private static long backOffNanos(int attempt) {
    long ceiling = FIRST_BACKOFF_MICROS << Math.min(attempt - 1, 16);
    return TimeUnit.MICROSECONDS.toNanos(
        ThreadLocalRandom.current().nextLong(1, Math.min(ceiling, LONGEST_BACKOFF_MICROS) + 1));
  }

  private static void sleep(long nanos) {
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException(
          "interrupted while retrying a conflicting transaction", e);
    }
  }
}
