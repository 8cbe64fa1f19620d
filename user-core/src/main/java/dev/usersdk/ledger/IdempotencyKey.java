package dev.usersdk.ledger;

import dev.usersdk.ValidationException;

/**
 * The caller's name for one request, such as {@code "run-42"} or a UUID: retrying a request with
 * the same key never charges twice. Keys are per user and kept for good. 1 to 255 visible ASCII
 * characters.
 */
public record IdempotencyKey(String value) {
  public static final int MAX_LENGTH = 255;

  public IdempotencyKey {
    if (value == null || value.isEmpty() || value.length() > MAX_LENGTH || !visibleAscii(value)) {
      throw new ValidationException(
          "idempotencyKey",
          "idempotencyKey must be 1 to " + MAX_LENGTH + " visible ASCII characters (no spaces)");
    }
  }

  // A loop, not chars().allMatch: every ledger call checks a key, and the stream cost more than
  // the rest of the check on the callers of a hot account.
  private static boolean visibleAscii(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x21 || c > 0x7E) {
        return false;
      }
    }
    return true;
  }

  public static IdempotencyKey of(String value) {
    return new IdempotencyKey(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
