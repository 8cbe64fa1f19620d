package dev.usersdk.ledger;

/** What a {@link LedgerEntry} records. */
public enum EntryKind {
  /** The opening balance a new user gets (the configured default). */
  OPENING,
  /** A charge for work. */
  DEDUCTION,
  /** Work done by a user the charge policy exempts: recorded for audit, nothing charged. */
  USAGE,
  /** A top-up or grant. */
  CREDIT,
  /** Credits given back against an earlier deduction (or capture). */
  REFUND,
  /** Credits reserved by a hold; the posted balance does not change. */
  HOLD,
  /** A hold settled: the captured amount leaves the balance. */
  CAPTURE,
  /** A hold given up (released, or expired): nothing leaves the balance. */
  RELEASE,
  /** An admin's change of the balance, up or down, with the admin recorded. */
  ADJUSTMENT
}
