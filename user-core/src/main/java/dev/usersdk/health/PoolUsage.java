package dev.usersdk.health;

/**
 * A connection pool at the moment of the check.
 *
 * @param active connections lent out
 * @param idle connections waiting in the pool
 * @param max the most the pool opens
 * @param waiting threads waiting for a connection
 */
public record PoolUsage(int active, int idle, int max, int waiting) {
  /** Every connection is lent out and callers wait for one. */
  public boolean exhausted() {
    return active >= max && waiting > 0;
  }
}
