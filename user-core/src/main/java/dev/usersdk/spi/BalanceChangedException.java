package dev.usersdk.spi;

import dev.usersdk.UserSdkException;

/**
 * Thrown by {@link LedgerStore#writeBatchIfUnchanged} when the account no longer holds the balance
 * the batch was evaluated against: another writer came between (or the account is gone). The
 * transaction must not commit; the ledger runs the batch again on the locked account. It never
 * reaches a caller.
 */
public class BalanceChangedException extends UserSdkException {
  private static final long serialVersionUID = 1L;

  public BalanceChangedException() {
    super("balance_changed", "the account's balance changed since it was last read");
  }
}
