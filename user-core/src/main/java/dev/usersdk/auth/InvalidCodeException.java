package dev.usersdk.auth;

import dev.usersdk.UserSdkException;

/**
 * A registration code was wrong, expired or used up, or there is no pending registration for the
 * email — indistinguishable on purpose. After too many wrong codes the registration must start
 * over.
 */
public class InvalidCodeException extends UserSdkException {
  private static final long serialVersionUID = 1L;

  public InvalidCodeException() {
    super("invalid_code", "the code is wrong or has expired");
  }
}
