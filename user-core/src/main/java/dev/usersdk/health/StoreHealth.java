package dev.usersdk.health;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The store behind the client: reachable or not, its round-trip time, and where the store knows
 * them, its schema version against the one this library expects and its pool.
 *
 * @param status {@link HealthStatus#DOWN} when unreachable or the schema does not match; {@link
 *     HealthStatus#DEGRADED} when the pool is exhausted
 * @param roundTrip how long the check's read took (or how long it waited before giving up)
 * @param schemaVersion the schema version found in the database, if the store has one
 * @param expectedSchemaVersion the schema version this library was built for, if the store has one
 * @param pool the connection pool, if the store knows it
 * @param problem what is wrong, when something is (never a secret: no URL, no password)
 */
public record StoreHealth(
    HealthStatus status,
    Duration roundTrip,
    Optional<String> schemaVersion,
    Optional<String> expectedSchemaVersion,
    Optional<PoolUsage> pool,
    Optional<String> problem) {
  public StoreHealth {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(roundTrip, "roundTrip");
    Objects.requireNonNull(schemaVersion, "schemaVersion");
    Objects.requireNonNull(expectedSchemaVersion, "expectedSchemaVersion");
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(problem, "problem");
  }

  /** A store that answered and has nothing more to tell. */
  public static StoreHealth up(Duration roundTrip) {
    return new StoreHealth(
        HealthStatus.UP,
        roundTrip,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /** A store that did not answer, or answered with an error. */
  public static StoreHealth down(Duration waited, String problem) {
    return new StoreHealth(
        HealthStatus.DOWN,
        waited,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.of(problem));
  }
}
