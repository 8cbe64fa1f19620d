package dev.usersdk.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * The one shared app password.
 *
 * @param passwordHash its encoded hash
 * @param version increases with every change; tokens carry the version they were issued under
 * @param updatedAt when it was last set
 */
public record StoredAppPassword(String passwordHash, long version, Instant updatedAt) {
  public StoredAppPassword {
    Objects.requireNonNull(passwordHash, "passwordHash");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  @Override
  public String toString() {
    return "StoredAppPassword[version=" + version + ", updatedAt=" + updatedAt + "]";
  }
}
