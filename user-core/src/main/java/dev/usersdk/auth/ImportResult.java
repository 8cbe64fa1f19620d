package dev.usersdk.auth;

import dev.usersdk.user.UserId;
import java.util.Objects;
import java.util.Optional;

/**
 * What became of one imported user.
 *
 * @param problem why it was refused; empty otherwise (never quotes the hash)
 */
public record ImportResult(UserId userId, Outcome outcome, Optional<String> problem) {
  public ImportResult {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(problem, "problem");
  }

  /** How an import of one user ended. */
  public enum Outcome {
    /** Written: the user, its password hash and its opening balance. */
    IMPORTED,
    /** A user with this id exists already: nothing was changed (an import may run again). */
    ALREADY_PRESENT,
    /** Not written, for the reason in {@link #problem()}. */
    REFUSED
  }
}
