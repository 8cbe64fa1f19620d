package dev.usersdk;

import org.jspecify.annotations.Nullable;

/**
 * The store could not be reached, did not answer in time, or kept refusing the work: a lost
 * connection before the commit, a pool with no free connection, a failover, a statement timeout,
 * conflicts with concurrent transactions that outlasted the retry budget. The write <em>did not
 * happen</em> (the transaction was rolled back or never began) and may be retried as it is; a host
 * typically answers 503.
 *
 * <p>A lost answer to a commit is not this: that is {@link OutcomeUnknownException} (may have
 * happened).
 */
public class StoreUnavailableException extends UserSdkException {
  private static final long serialVersionUID = 1L;

  public StoreUnavailableException(String message, @Nullable Throwable cause) {
    this("store_unavailable", message, cause);
  }

  /** For subclasses that name the cause with their own code. */
  protected StoreUnavailableException(String code, String message, @Nullable Throwable cause) {
    super(code, message, cause);
  }

  @Override
  public boolean retryable() {
    return true;
  }
}
