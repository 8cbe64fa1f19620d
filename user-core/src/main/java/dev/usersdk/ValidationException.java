package dev.usersdk;

import java.util.Objects;

/**
 * Input that usersdk refuses: a malformed email, an over-long name, a field that may not be set
 * this way. Nothing was changed. {@link #field()} names the offending input so a host can point at
 * it (a 400 / 422 response).
 */
public class ValidationException extends UserSdkException {
  private static final long serialVersionUID = 1L;

  private final String field;

  public ValidationException(String field, String message) {
    super("validation_failed", message);
    this.field = Objects.requireNonNull(field, "field");
  }

  /** The name of the rejected input, e.g. {@code "email"} or {@code "name"}. */
  public String field() {
    return field;
  }
}
