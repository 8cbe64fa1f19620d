package dev.usersdk.ledger;

import dev.usersdk.UserSdkException;

/** No ledger entry or hold has this id (a 404). Nothing was changed. */
public class LedgerNotFoundException extends UserSdkException {
  private static final long serialVersionUID = 1L;

  public LedgerNotFoundException(String what) {
    super("ledger_record_not_found", "no " + what);
  }
}
