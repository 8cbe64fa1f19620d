package dev.usersdk.auth;

import dev.usersdk.UserSdkException;

/** The user has a confirmed second factor already: turn it off before enrolling another (a 409). */
public class SecondFactorEnabledException extends UserSdkException {
  private static final long serialVersionUID = 1L;

  public SecondFactorEnabledException() {
    super("second_factor_enabled", "the user has a second factor already");
  }
}
