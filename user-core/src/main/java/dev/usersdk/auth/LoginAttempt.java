package dev.usersdk.auth;

import dev.usersdk.user.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One recorded login attempt. Never holds the password, nor the email typed for an unknown account
 * (people type passwords into the email field).
 *
 * @param id the attempt's id (time-ordered)
 * @param userId the account tried; empty for an unknown email
 * @param outcome how it ended
 * @param at when
 * @param clientAddress what the host passed in the {@link LoginContext}, e.g. the client's IP
 * @param userAgent what the host passed in the {@link LoginContext}
 */
public record LoginAttempt(
    UUID id,
    Optional<UserId> userId,
    LoginOutcome outcome,
    Instant at,
    Optional<String> clientAddress,
    Optional<String> userAgent) {
  public LoginAttempt {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(clientAddress, "clientAddress");
    Objects.requireNonNull(userAgent, "userAgent");
  }
}
