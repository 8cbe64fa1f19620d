package dev.usersdk;

import org.jspecify.annotations.Nullable;

/**
 * The store could not be reached or did not answer in time (a lost connection, a pool timeout, a
 * failover). The operation did not take effect and may be retried as it is; a host typically
 * answers 503.
 */
public class StoreUnavailableException extends UserSdkException {
  private static final long serialVersionUID = 1L;

  public StoreUnavailableException(String message, @Nullable Throwable cause) {
    super("store_unavailable", message, cause);
  }

  @Override
  public boolean retryable() {
    return true;
  }
}
