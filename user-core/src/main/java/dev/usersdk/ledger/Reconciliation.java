package dev.usersdk.ledger;

import dev.usersdk.user.UserId;

/**
 * Whether a user's ledger explains its balance: the stored posted balance against the sum of the
 * entries. {@link #difference()} is zero when they agree.
 */
public record Reconciliation(
    UserId userId, Credits storedBalance, Credits entriesTotal, long entries) {
  public Credits difference() {
    return storedBalance.minus(entriesTotal);
  }

  public boolean consistent() {
    return difference().isZero();
  }
}
