package dev.usersdk.ledger;

/** Where a {@link Hold} stands. A hold leaves {@link #ACTIVE} at most once. */
public enum HoldStatus {
  ACTIVE,
  CAPTURED,
  RELEASED,
  EXPIRED
}
