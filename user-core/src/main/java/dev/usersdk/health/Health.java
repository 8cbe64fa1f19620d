package dev.usersdk.health;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What {@link dev.usersdk.UserClient#health()} found: the store, the key sets of other issuers and
 * the event relay's subscriptions, each with its status, and the worst of them.
 *
 * @param status the worst status of the parts
 * @param checkedAt when the check began
 * @param took how long the whole check took
 * @param store the store behind the client
 * @param keySets one per authenticator of another issuer that fetches keys
 * @param relay one per subscription (empty without subscriptions, and when the store is down)
 */
public record Health(
    HealthStatus status,
    Instant checkedAt,
    Duration took,
    StoreHealth store,
    List<KeySetHealth> keySets,
    List<RelayHealth> relay) {
  public Health {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(checkedAt, "checkedAt");
    Objects.requireNonNull(took, "took");
    Objects.requireNonNull(store, "store");
    keySets = List.copyOf(keySets);
    relay = List.copyOf(relay);
  }

  /** Whether calls can be served: nothing is {@link HealthStatus#DOWN}. For a readiness probe. */
  public boolean ready() {
    return status != HealthStatus.DOWN;
  }
}
