package dev.usersdk.spi;

import dev.usersdk.UserSdkException;

/**
 * Thrown by a store when an entry or a hold is written with an idempotency key the user already
 * used. The ledger catches it and answers with the original result; it never reaches a caller.
 */
public class DuplicateIdempotencyKeyException extends UserSdkException {
  private static final long serialVersionUID = 1L;

  public DuplicateIdempotencyKeyException() {
    super("duplicate_idempotency_key", "this idempotency key was already used by this user");
  }
}
