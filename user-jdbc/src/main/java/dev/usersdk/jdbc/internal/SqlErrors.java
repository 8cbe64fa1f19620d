package dev.usersdk.jdbc.internal;

import dev.usersdk.StoreFailureException;
import dev.usersdk.StoreReadOnlyException;
import dev.usersdk.StoreUnavailableException;
import dev.usersdk.UserSdkException;
import dev.usersdk.ValidationException;
import dev.usersdk.user.DuplicateEmailException;
import dev.usersdk.user.DuplicateExternalSubjectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Turns SQL failures into usersdk exceptions at the module boundary, so no Jdbi, HikariCP, Flyway
 * or driver exception reaches a caller. Classified by SQLState (portable) and, for the MySQL
 * family, by vendor error code.
 */
public final class SqlErrors {
  /** SQL standard "numeric value out of range": H2, MySQL/MariaDB and PostgreSQL use it. */
  private static final String NUMERIC_OUT_OF_RANGE = "22003";

  /** PostgreSQL operator intervention (admin shutdown, crash shutdown, cannot connect now). */
  private static final Set<String> PG_CONNECTION_GONE = Set.of("57P01", "57P02", "57P03");

  /** PostgreSQL: a write in a read-only transaction, which is every transaction on a standby. */
  private static final String PG_READ_ONLY = "25006";

  /** PostgreSQL: the statement was cancelled, here by {@code statement_timeout}. */
  private static final String PG_QUERY_CANCELED = "57014";

  /**
   * MySQL/MariaDB refusing a write: {@code --read-only}, a read-only transaction, super_read_only.
   */
  private static final Set<Integer> MYSQL_READ_ONLY = Set.of(1290, 1792, 1836);

  private static final int MYSQL_DUPLICATE_KEY = 1062;
  private static final int MYSQL_DEADLOCK = 1213;
  private static final int MYSQL_LOCK_WAIT_TIMEOUT = 1205;
  private static final int MARIADB_CONNECTION_KILLED = 1927;
  private static final int MYSQL_QUERY_INTERRUPTED = 1317;

  private SqlErrors() {}

  /** The unique constraint a failure violated, as the matching usersdk exception, if it is one. */
  public static Optional<UserSdkException> duplicate(Throwable failure) {
    SQLException sql = sqlException(failure);
    if (sql == null || !isUniqueViolation(sql)) {
      return Optional.empty();
    }
    String message = String.valueOf(sql.getMessage()).toLowerCase(Locale.ROOT);
    if (message.contains("usersdk_users_email_uq")) {
      return Optional.of(new DuplicateEmailException(null));
    }
    if (message.contains("usersdk_users_external_uq")) {
      return Optional.of(new DuplicateExternalSubjectException(null));
    }
    return Optional.empty();
  }

  /** Whether a failure is a violation of the named unique index. */
  public static boolean isUniqueViolationOf(Throwable failure, String index) {
    SQLException sql = sqlException(failure);
    return sql != null
        && isUniqueViolation(sql)
        && String.valueOf(sql.getMessage()).toLowerCase(Locale.ROOT).contains(index);
  }

  /** A write refused because the server only reads (a standby, a replica, a demoted primary). */
  public static boolean isReadOnly(Throwable failure) {
    SQLException sql = sqlException(failure);
    return sql != null
        && (PG_READ_ONLY.equals(sql.getSQLState()) || MYSQL_READ_ONLY.contains(sql.getErrorCode()));
  }

  /**
   * Deadlocks, serialization failures (also Galera's certification failures, reported as
   * deadlocks), and lock-wait timeouts: the transaction was rolled back and may simply be run
   * again.
   */
  public static boolean isConflict(Throwable failure) {
    SQLException sql = sqlException(failure);
    if (sql == null) {
      return false;
    }
    String state = String.valueOf(sql.getSQLState());
    return state.equals("40001")
        || state.equals("40P01")
        || state.equals("55P03")
        || sql.getErrorCode() == MYSQL_DEADLOCK
        || sql.getErrorCode() == MYSQL_LOCK_WAIT_TIMEOUT;
  }

  /**
   * What kind of conflict {@link #isConflict} found, for metrics: {@code "deadlock"} (Galera's
   * certification failures are reported as deadlocks), {@code "lock_wait"} or {@code
   * "serialization"}.
   */
  public static String conflictCause(Throwable failure) {
    SQLException sql = sqlException(failure);
    if (sql == null) {
      return "unknown";
    }
    String state = String.valueOf(sql.getSQLState());
    if (sql.getErrorCode() == MYSQL_DEADLOCK || state.equals("40P01")) {
      return "deadlock";
    }
    if (sql.getErrorCode() == MYSQL_LOCK_WAIT_TIMEOUT || state.equals("55P03")) {
      return "lock_wait";
    }
    return "serialization";
  }

  /** Translates any failure of the stores into a usersdk exception. */
  public static UserSdkException translate(String what, Throwable failure) {
    if (failure instanceof UserSdkException known) {
      return known;
    }
    // Keep the driver's message out of ours (it may quote data); it stays in the cause for logs.
    if (isConnectionFailure(failure)) {
      return new StoreUnavailableException(
          what + " failed: the database connection failed or timed out", failure);
    }
    if (isConflict(failure)) {
      return new StoreUnavailableException(
          what + " kept conflicting with concurrent transactions", failure);
    }
    if (isReadOnly(failure)) {
      return new StoreReadOnlyException(
          what
              + " was refused: the database server only reads (a standby or replica, or a"
              + " failover in progress)",
          failure);
    }
    SQLException sql = sqlException(failure);
    String state = sql == null ? "none" : sql.getSQLState();
    if (NUMERIC_OUT_OF_RANGE.equals(state)) {
      // A balance that would pass the column's range: the same typed refusal Credits gives
      // in memory, after the rollback, so the caller learns what was wrong and nothing changed.
      return new ValidationException("amount", "amount is too large");
    }
    return new StoreFailureException(what + " failed (SQLState " + state + ")", failure);
  }

  public static boolean isConnectionFailure(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientConnectionException
          || t instanceof SQLNonTransientConnectionException
          || t instanceof SQLRecoverableException
          || t instanceof java.io.IOException) {
        return true;
      }
      if (t instanceof SQLException) {
        SQLException sql = (SQLException) t;
        String state = String.valueOf(sql.getSQLState());
        if (state.startsWith("08")
            || PG_CONNECTION_GONE.contains(state)
            || state.equals(PG_QUERY_CANCELED)
            || state.equals("70100")
            || sql.getErrorCode() == MARIADB_CONNECTION_KILLED
            || sql.getErrorCode() == MYSQL_QUERY_INTERRUPTED) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isUniqueViolation(SQLException sql) {
    return "23505".equals(sql.getSQLState()) || sql.getErrorCode() == MYSQL_DUPLICATE_KEY;
  }

  private static SQLException sqlException(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException) {
        return (SQLException) t;
      }
    }
    return null;
  }
}
