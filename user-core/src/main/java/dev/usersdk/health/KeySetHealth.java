package dev.usersdk.health;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The signing keys of another issuer (an OIDC provider such as Auth0) that an {@link
 * dev.usersdk.auth.Authenticator} verifies tokens with.
 *
 * @param issuer the issuer, as its tokens name it
 * @param status {@link HealthStatus#DEGRADED} when the last fetch failed or the keys in hand are
 *     older than the authenticator uses them for (its tokens are refused until a fetch succeeds);
 *     {@link HealthStatus#UP} otherwise, also before the first token asked for them
 * @param age how long ago the keys in hand were fetched; empty before the first fetch
 * @param problem what is wrong, when something is
 */
public record KeySetHealth(
    String issuer, HealthStatus status, Optional<Duration> age, Optional<String> problem) {
  public KeySetHealth {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(age, "age");
    Objects.requireNonNull(problem, "problem");
  }
}
