package dev.usersdk.auth;

/**
 * Delivers {@link Notification}s: registration codes, reset links, notices. The host implements it
 * (an email service); the testkit's {@code RecordingNotifier} keeps them for tests to read.
 *
 * <p>It is called after the transaction that created the code or link has committed. It must not
 * log the code or link. If it throws, the caller of the flow sees the exception; the code or link
 * stays valid, and asking again (after the resend cooldown) sends a new one.
 */
@FunctionalInterface
public interface Notifier {
  void send(Notification notification);

  /** The notifier of a client that was given none: flows that must send something refuse to run. */
  static Notifier none() {
    return NoNotifier.INSTANCE;
  }
}

enum NoNotifier implements Notifier {
  INSTANCE;

  @Override
  public void send(Notification notification) {
    throw new dev.usersdk.ConfigurationException(
        "no Notifier is configured: pass one to UserClient.builder().notifier(...)");
  }
}
