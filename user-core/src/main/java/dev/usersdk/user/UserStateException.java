package dev.usersdk.user;

import dev.usersdk.UserSdkException;

/**
 * The operation does not apply to the user in its current status, e.g. approving a disabled user (a
 * 409 for a host). Nothing was changed.
 */
public class UserStateException extends UserSdkException {
  private static final long serialVersionUID = 1L;

  private final UserStatus status;

  public UserStateException(UserStatus status, String message) {
    super("invalid_user_state", message);
    this.status = status;
  }

  /** The status the user was in. */
  public UserStatus status() {
    return status;
  }
}
