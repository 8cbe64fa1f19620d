package dev.usersdk.auth;

import dev.usersdk.UserSdkException;

/** The user proved who they are but waits for an admin's approval (a 403). */
public class AccountPendingException extends UserSdkException {
  private static final long serialVersionUID = 1L;

  public AccountPendingException() {
    super("account_pending", "the account is waiting for approval");
  }
}
