package dev.usersdk.ledger;

import dev.usersdk.UserSdkException;

/** The available balance does not cover the amount (a 402 for many hosts). Nothing was charged. */
public class InsufficientBalanceException extends UserSdkException {
  private static final long serialVersionUID = 1L;

  private final Credits requested;
  private final Credits available;

  public InsufficientBalanceException(Credits requested, Credits available) {
    super(
        "insufficient_balance",
        "insufficient balance: requested " + requested + ", available " + available);
    this.requested = requested;
    this.available = available;
  }

  public Credits requested() {
    return requested;
  }

  public Credits available() {
    return available;
  }
}
