package dev.usersdk.internal;

import dev.usersdk.ValidationException;
import org.jspecify.annotations.Nullable;

/** Validation of free-text input shared by the value objects. Not API. */
public final class Text {
  private Text() {}

  /**
   * Strips surrounding whitespace and returns {@code null} for a missing or blank value; refuses
   * control characters and values longer than {@code maxLength} code points.
   */
  public static String optional(String field, String value, int maxLength) {
    if (value == null) {
      return null;
    }
    String stripped = value.strip();
    if (stripped.isEmpty()) {
      return null;
    }
    return checked(field, stripped, maxLength);
  }

  /** Like {@link #optional} but a missing or blank value is refused. */
  public static String required(String field, String value, int maxLength) {
    String result = optional(field, value, maxLength);
    if (result == null) {
      throw new ValidationException(field, field + " is required");
    }
    return result;
  }

  /**
   * An identifier taken exactly as given (a token's {@code sub}): no stripping, no case folding,
   * since {@code " auth0|ann"} and {@code "auth0|ann"} are different subjects. Refuses a missing or
   * blank value, control characters and values longer than {@code maxLength} code points.
   */
  public static String exact(String field, @Nullable String value, int maxLength) {
    if (value == null || value.isBlank()) {
      throw new ValidationException(field, field + " is required");
    }
    return checked(field, value, maxLength);
  }

  private static String checked(String field, String value, int maxLength) {
    // Count code points, not chars: a limit of 100 must not refuse 60 emoji.
    int length = value.codePointCount(0, value.length());
    if (length > maxLength) {
      throw new ValidationException(
          field, field + " must be at most " + maxLength + " characters, was " + length);
    }
    if (value.codePoints().anyMatch(Character::isISOControl)) {
      throw new ValidationException(field, field + " must not contain control characters");
    }
    return value;
  }
}
