package dev.usersdk;

import org.jspecify.annotations.Nullable;

/**
 * The write was sent to be committed, and the answer was lost (the connection dropped after the
 * COMMIT left, a failover at that moment). It <em>may have happened</em>: the database may have
 * committed it or not, and only a later read can tell.
 *
 * <p>Keyed ledger calls ({@code deduct}, {@code credit}, {@code hold}, and the keyed {@code
 * refund}, {@code adjust}, {@code capture}, {@code release}) settle this themselves: they look the
 * idempotency key up and return the original receipt, or run the request again if it did not
 * commit; a caller sees this exception from them only when the store stayed out of reach for the
 * whole resolution (then retrying with the <em>same</em> key is safe). Other writes surface it:
 * read the state back before doing the write again. Retryable; a host typically answers 503.
 */
public class OutcomeUnknownException extends UserSdkException {
  private static final long serialVersionUID = 1L;

  public OutcomeUnknownException(String message, @Nullable Throwable cause) {
    super("outcome_unknown", message, cause);
  }

  @Override
  public boolean retryable() {
    return true;
  }
}
