package dev.usersdk.event;

import dev.usersdk.UserSdkException;

/**
 * A received webhook is not genuine or not fresh: a missing header, a signature that matches no
 * secret, a timestamp outside the tolerance. A receiver answers 400 and discards the body.
 */
public class WebhookVerificationException extends UserSdkException {
  private static final long serialVersionUID = 1L;

  public WebhookVerificationException(String message) {
    super("webhook_invalid", message);
  }
}
