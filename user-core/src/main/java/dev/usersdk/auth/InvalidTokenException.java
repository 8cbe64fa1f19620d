package dev.usersdk.auth;

import dev.usersdk.UserSdkException;

/**
 * A token, code or link was refused: malformed, badly signed, expired, revoked, already used, or
 * not ours (a 401). The message says which check failed, never the token.
 */
public class InvalidTokenException extends UserSdkException {
  private static final long serialVersionUID = 1L;

  public InvalidTokenException(String message) {
    super("invalid_token", message);
  }
}
