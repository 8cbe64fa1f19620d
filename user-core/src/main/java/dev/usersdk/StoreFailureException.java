package dev.usersdk;

import org.jspecify.annotations.Nullable;

/**
 * The store failed in a way that trying again will not fix: an unexpected database error, a schema
 * that does not match, a missing privilege. The write <em>did not happen</em>: the transaction was
 * rolled back. Distinct from {@link StoreUnavailableException}, which is worth retrying.
 */
public class StoreFailureException extends UserSdkException {
  private static final long serialVersionUID = 1L;

  public StoreFailureException(String message, @Nullable Throwable cause) {
    super("store_failure", message, cause);
  }
}
