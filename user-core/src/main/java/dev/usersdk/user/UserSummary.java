package dev.usersdk.user;

/**
 * How many users a side holds and a checksum of which users at which versions: equal on the owner
 * and a mirror exactly when both hold the same users at the same versions (up to a 64-bit
 * collision). Order-independent, so each side computes it in its own order.
 */
public record UserSummary(long count, long checksum) {
  public static final UserSummary EMPTY = new UserSummary(0, 0);

  /** This summary with one more user at {@code version}. */
  public UserSummary plus(UserId userId, long version) {
    long h = userId.value().getMostSignificantBits() * 0x9E3779B97F4A7C15L;
    h ^= userId.value().getLeastSignificantBits() + 0xBF58476D1CE4E5B9L + (h << 6) + (h >>> 2);
    h ^= version * 0x94D049BB133111EBL;
    h ^= h >>> 31;
    h *= 0xD6E8FEB86659FD93L;
    h ^= h >>> 32;
    return new UserSummary(count + 1, checksum + h);
  }

  /** The two halves' summary together. */
  public UserSummary plus(UserSummary other) {
    return new UserSummary(count + other.count, checksum + other.checksum);
  }
}
