package dev.usersdk.ledger;

import dev.usersdk.UserSdkException;

/**
 * The idempotency key was already used for a different request (another kind or amount), so this
 * one cannot be its retry (a 409 / 422). Nothing was changed.
 */
public class IdempotencyConflictException extends UserSdkException {
  private static final long serialVersionUID = 1L;

  public IdempotencyConflictException(IdempotencyKey key, String first, String now) {
    super(
        "idempotency_conflict",
        "idempotency key " + key + " was used for " + first + ", not " + now);
  }
}
