package dev.usersdk.auth;

import dev.usersdk.UserSdkException;

/** The user proved who they are but the account is disabled (a 403). */
public class AccountDisabledException extends UserSdkException {
  private static final long serialVersionUID = 1L;

  public AccountDisabledException() {
    super("account_disabled", "the account is disabled");
  }
}
