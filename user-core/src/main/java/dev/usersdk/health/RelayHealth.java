package dev.usersdk.health;

import java.util.Objects;
import java.util.Optional;

/**
 * One subscription of the event relay.
 *
 * @param subscription its name
 * @param status {@link HealthStatus#DEGRADED} when some of its events are dead (delivery gave up;
 *     {@code events().redrive} retries them); {@link HealthStatus#DOWN} when the counts could not
 *     be read
 * @param backlog events waiting for delivery (due or retrying)
 * @param dead events whose delivery gave up
 * @param problem what is wrong, when something is
 */
public record RelayHealth(
    String subscription, HealthStatus status, long backlog, long dead, Optional<String> problem) {
  public RelayHealth {
    Objects.requireNonNull(subscription, "subscription");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(problem, "problem");
  }
}
