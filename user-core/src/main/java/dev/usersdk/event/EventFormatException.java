package dev.usersdk.event;

import dev.usersdk.UserSdkException;

/**
 * A received event is not one usersdk wrote: malformed JSON, another schema number, a missing or
 * ill-typed field. The message says which field, never its value (events hold personal data).
 */
public class EventFormatException extends UserSdkException {
  private static final long serialVersionUID = 1L;

  public EventFormatException(String message) {
    super("event_malformed", message);
  }
}
