package dev.usersdk.internal;

import dev.usersdk.ValidationException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

  /** A position in a feed ordered by time, then id. */
  public record Position(Instant time, UUID id) {
    /** Before everything. */
    public static final Position START = new Position(Instant.EPOCH, new UUID(0, 0));
  }

  /** A feed position: its time (to the microsecond) and id, base64url-encoded. */
  public static String encode(Position position) {
    ByteBuffer bytes = ByteBuffer.allocate(24);
    bytes.putLong(ChronoUnit.MICROS.between(Instant.EPOCH, position.time()));
    bytes.putLong(position.id().getMostSignificantBits());
    bytes.putLong(position.id().getLeastSignificantBits());
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
  }

  public static Position decodePosition(String cursor) {
    try {
      byte[] bytes = Base64.getUrlDecoder().decode(cursor);
      if (bytes.length != 24) {
        throw new IllegalArgumentException("wrong length");
      }
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      Instant time = Instant.EPOCH.plus(buffer.getLong(), ChronoUnit.MICROS);
      return new Position(time, new UUID(buffer.getLong(), buffer.getLong()));
    } catch (IllegalArgumentException | NullPointerException | ArithmeticException e) {
      throw new ValidationException("cursor", "cursor is not one that a previous page returned");
    }
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
