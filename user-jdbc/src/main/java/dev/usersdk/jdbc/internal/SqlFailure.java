package dev.usersdk.jdbc.internal;

import java.sql.SQLException;

/**
 * An {@link SQLException} from a statement the stores run with plain JDBC (the ledger's hot path),
 * carried to the transaction boundary, where it is translated like a Jdbi failure. Not API.
 */
public final class SqlFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  SqlFailure(SQLException cause) {
    super(cause.getMessage(), cause);
  }
}
