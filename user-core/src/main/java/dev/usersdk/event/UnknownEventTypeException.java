package dev.usersdk.event;

/**
 * A well-formed event of a type this version of usersdk does not know — one a newer producer added.
 * Receivers skip it (and count it) rather than fail: types are added within a schema number.
 */
public class UnknownEventTypeException extends EventFormatException {
  private static final long serialVersionUID = 1L;
  private final String type;

  public UnknownEventTypeException(String type) {
    super("an event of an unknown type: " + type);
    this.type = type;
  }

  /** The type name the event carries, e.g. {@code user.mfa_enabled}. */
  public String type() {
    return type;
  }
}
