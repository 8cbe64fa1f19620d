package dev.usersdk.auth.password;

import dev.usersdk.ValidationException;

/**
 * A {@link PasswordPolicy} refused a new password: too short, too long, found in a breach list. The
 * message explains the rule and never contains the password. {@link #field()} is {@code
 * "password"}; {@link #code()} is {@code "weak_password"} so a host can tell it from other
 * validation failures while still handling it as one (a 400 / 422 response).
 */
public class WeakPasswordException extends ValidationException {
  private static final long serialVersionUID = 1L;

  /** For any policy, a host's own included (see {@link PasswordPolicy#and}). */
  public WeakPasswordException(String message) {
    super("password", message);
  }

  @Override
  public String code() {
    return "weak_password";
  }
}
