package dev.usersdk.user;

import dev.usersdk.ValidationException;
import java.util.Objects;
import java.util.UUID;

/**
 * A user's identity: a UUID, time-ordered (version 7) when usersdk creates it. Ordered as an
 * unsigned 128-bit number, the same order PostgreSQL, MySQL and H2 use, so listings page the same
 * way on every store.
 */
public record UserId(UUID value) implements Comparable<UserId> {
  public UserId {
    Objects.requireNonNull(value, "value");
  }

  public static UserId of(UUID value) {
    return new UserId(value);
  }

  /** Parses the canonical 36-character form; anything else is a {@link ValidationException}. */
  public static UserId parse(String text) {
    if (text == null || text.length() != 36) {
      throw new ValidationException("userId", "userId must be a UUID in its 36-character form");
    }
    try {
      return new UserId(UUID.fromString(text));
    } catch (IllegalArgumentException e) {
      throw new ValidationException("userId", "userId must be a UUID in its 36-character form");
    }
  }

  @Override
  public int compareTo(UserId other) {
    // UUID.compareTo compares signed longs; databases compare bytes unsigned.
    int high =
        Long.compareUnsigned(value.getMostSignificantBits(), other.value.getMostSignificantBits());
    return high != 0
        ? high
        : Long.compareUnsigned(
            value.getLeastSignificantBits(), other.value.getLeastSignificantBits());
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
