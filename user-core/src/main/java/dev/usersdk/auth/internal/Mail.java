package dev.usersdk.auth.internal;

import dev.usersdk.ConfigurationException;
import dev.usersdk.auth.Notifier;

/** The flows that send a message refuse to start without a way to send it. */
final class Mail {
  private Mail() {}

  static void requireConfigured(Notifier notifier) {
    if (notifier == Notifier.none()) {
      throw new ConfigurationException(
          "this flow sends a message: pass a Notifier to UserClient.builder().notifier(...)");
    }
  }
}
