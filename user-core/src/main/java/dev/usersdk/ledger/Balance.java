package dev.usersdk.ledger;

import java.util.Objects;

/**
 * A user's balance: {@link #posted()} is what the ledger entries add up to; {@link #held()} is what
 * active, unexpired holds reserve; {@link #available()} is what a deduction or a new hold may use.
 */
public record Balance(Credits posted, Credits held) {
  public Balance {
    Objects.requireNonNull(posted, "posted");
    Objects.requireNonNull(held, "held");
  }

  public Credits available() {
    return posted.minus(held);
  }
}
