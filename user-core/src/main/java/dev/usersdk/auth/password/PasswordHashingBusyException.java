package dev.usersdk.auth.password;

import dev.usersdk.UserSdkException;

/**
 * Too many passwords are being hashed or verified at once and this call waited longer than allowed
 * for a slot (see {@link PasswordHashers#bounded}). Nothing was checked or stored; the call may be
 * retried as it is, so {@link #retryable()} is {@code true} (a host typically answers 503 with
 * {@code Retry-After}). It is not a failed login: the password was never looked at. Code {@code
 * "password_hashing_busy"}; the message never contains a secret.
 */
public class PasswordHashingBusyException extends UserSdkException {
  private static final long serialVersionUID = 1L;

  public PasswordHashingBusyException(String message) {
    super("password_hashing_busy", message);
  }

  public PasswordHashingBusyException(String message, Throwable cause) {
    super("password_hashing_busy", message, cause);
  }

  @Override
  public boolean retryable() {
    return true;
  }
}
