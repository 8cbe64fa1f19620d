package dev.usersdk.auth.internal;

import dev.usersdk.auth.password.Password;
import dev.usersdk.auth.password.PasswordHasher;
import java.util.UUID;

/**
 * A hash of nothing in particular, made with the current hasher's parameters, to verify against
 * when there is no real one (an unknown email): the caller then takes as long as for a known one,
 * and the timing does not tell which emails have accounts.
 */
final class DecoyHash {
  private final PasswordHasher hasher;
  private volatile String hash;

  DecoyHash(PasswordHasher hasher) {
    this.hasher = hasher;
  }

  /** Spends one verification's worth of hashing on {@code password}. */
  void waste(Password password) {
    hasher.matches(password, hash());
  }

  private String hash() {
    String current = hash;
    // Made on first use so that building a client stays cheap; a race makes two, harmlessly.
    if (current == null) {
      current = hasher.hash(Password.of(UUID.randomUUID() + "-" + UUID.randomUUID()));
      hash = current;
    }
    return current;
  }
}
