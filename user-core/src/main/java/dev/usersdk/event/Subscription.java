package dev.usersdk.event;

import dev.usersdk.ValidationException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A named destination for every event: the name keys its delivery state in the outbox, so keep it
 * stable (renaming starts a new subscription that hears only later events).
 */
public record Subscription(String name, EventSink sink) {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,99}");

  public Subscription {
    Objects.requireNonNull(sink, "sink");
    if (name == null || !NAME.matcher(name).matches()) {
      throw new ValidationException(
          "name",
          "a subscription name is 1 to 100 characters of a-z, 0-9, '_', '.', '-', starting with a"
              + " letter or digit");
    }
  }

  public static Subscription of(String name, EventSink sink) {
    return new Subscription(name, sink);
  }

  @Override
  public String toString() {
    return "Subscription[" + name + "]";
  }
}
