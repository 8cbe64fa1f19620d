package dev.usersdk.ledger;

import java.util.Objects;
import java.util.UUID;

/** The id of a {@link Hold}. */
public record HoldId(UUID value) {
  public HoldId {
    Objects.requireNonNull(value, "value");
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
