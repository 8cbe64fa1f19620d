package dev.usersdk.ledger;

import dev.usersdk.UserSdkException;

/**
 * The operation does not fit the record's state: capturing a hold that was already resolved or has
 * expired, refunding more than was charged, refunding an entry that was not a charge (a 409).
 * Nothing was changed.
 */
public class LedgerStateException extends UserSdkException {
  private static final long serialVersionUID = 1L;

  public LedgerStateException(String message) {
    super("ledger_state_conflict", message);
  }
}
