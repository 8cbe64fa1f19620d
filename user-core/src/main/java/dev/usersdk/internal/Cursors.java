package dev.usersdk.internal;

import dev.usersdk.ValidationException;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.UUID;

/**
 * Opaque page cursors: the last UUID of a page, base64url-encoded, so callers pass them back
 * instead of building them. Not API.
 */
public final class Cursors {
  private Cursors() {}

  public static String encode(UUID last) {
    ByteBuffer bytes = ByteBuffer.allocate(16);
    bytes.putLong(last.getMostSignificantBits()).putLong(last.getLeastSignificantBits());
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
  }

  public static UUID decode(String cursor) {
    try {
      byte[] bytes = Base64.getUrlDecoder().decode(cursor);
      if (bytes.length != 16) {
        throw new IllegalArgumentException("wrong length");
      }
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      return new UUID(buffer.getLong(), buffer.getLong());
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new ValidationException("cursor", "cursor is not one that a previous page returned");
    }
  }
}
