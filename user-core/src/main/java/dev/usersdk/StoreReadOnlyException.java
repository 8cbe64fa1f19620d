package dev.usersdk;

import org.jspecify.annotations.Nullable;

/**
 * A write reached a server that only reads: a PostgreSQL hot standby, a MariaDB/MySQL replica with
 * {@code read_only}, a primary demoted during a failover. The write <em>did not happen</em>.
 * Retryable, because the usual cause is a failover in progress (the connection still points at the
 * old primary, or the pool's DNS name has not moved yet); if it persists, the stores are configured
 * with a replica's address, which no retry fixes.
 */
public class StoreReadOnlyException extends StoreUnavailableException {
  private static final long serialVersionUID = 1L;

  public StoreReadOnlyException(String message, @Nullable Throwable cause) {
    super("store_read_only", message, cause);
  }
}
