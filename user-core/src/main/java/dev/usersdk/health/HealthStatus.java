package dev.usersdk.health;

/** How a part of usersdk is doing, from best to worst. */
public enum HealthStatus {
  /** Working as expected. */
  UP,
  /** Working, but an operator should look (dead events, a stale key set, an exhausted pool). */
  DEGRADED,
  /** Not working: calls that need this part fail. A readiness probe should fail. */
  DOWN;

  /** The worse of the two. */
  public HealthStatus worst(HealthStatus other) {
    return compareTo(other) >= 0 ? this : other;
  }
}
