package dev.usersdk.jdbc.internal;

import java.sql.SQLException;

/**
 * An {@link SQLException} from plain JDBC (the ledger's hot path, the transaction's own begin and
 * commit), carried to the transaction boundary, where it is translated like a Jdbi failure. Not
 * API.
 */
public final class SqlFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SqlFailure(SQLException cause) {
    super(cause.getMessage(), cause);
  }
}
