package dev.usersdk.ledger;

import java.util.Objects;
import java.util.UUID;

/**
 * The id of a {@link LedgerEntry}: a time-ordered UUID, so ids sort in the order entries were
 * written.
 */
public record EntryId(UUID value) {
  public EntryId {
    Objects.requireNonNull(value, "value");
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
