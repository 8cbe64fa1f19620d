package dev.usersdk.ledger;

import java.util.Objects;

/**
 * The outcome of a deduction or a credit. {@link #charged()} is false when the charge policy
 * exempted the user: the usage was recorded and nothing was taken. {@link #replayed()} is true when
 * this is the original receipt returned for a retried request with the same idempotency key.
 */
public record Receipt(LedgerEntry entry, boolean replayed) {
  public Receipt {
    Objects.requireNonNull(entry, "entry");
  }

  public EntryId entryId() {
    return entry.id();
  }

  /** The amount the request named. */
  public Credits amount() {
    return entry.requested();
  }

  /** The posted balance right after this entry. */
  public Credits balanceAfter() {
    return entry.balanceAfter();
  }

  public boolean charged() {
    return entry.kind() != EntryKind.USAGE;
  }
}
