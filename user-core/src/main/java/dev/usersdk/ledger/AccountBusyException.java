package dev.usersdk.ledger;

import dev.usersdk.StoreUnavailableException;

/**
 * Too many requests of one account (deductions, holds, keyed captures, releases, refunds,
 * adjustments) are already waiting to be coalesced (see {@code
 * UserSdkConfig.Builder.deductionQueue}): this one was refused before it was queued and <em>did not
 * happen</em>. Retryable; a host typically answers 503 with a short {@code Retry-After}.
 */
public final class AccountBusyException extends StoreUnavailableException {
  private static final long serialVersionUID = 1L;

  public AccountBusyException(int waiting) {
    super(
        "account_busy",
        waiting + " requests of this account are already waiting; this one was not made",
        null);
  }
}
