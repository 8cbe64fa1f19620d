package dev.usersdk.user;

import dev.usersdk.UserSdkException;
import org.jspecify.annotations.Nullable;

/**
 * Another user already has this email (compared in canonical form). Nothing was written. The
 * message does not repeat the address; a host that must not reveal which emails are registered can
 * map this like any other failure.
 */
public class DuplicateEmailException extends UserSdkException {
  private static final long serialVersionUID = 1L;

  public DuplicateEmailException() {
    super("duplicate_email", "a user with this email already exists");
  }

  public DuplicateEmailException(@Nullable Throwable cause) {
    super("duplicate_email", "a user with this email already exists", cause);
  }
}
