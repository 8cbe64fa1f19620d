package dev.usersdk.auth;

/** How a login attempt ended, as recorded. */
public enum LoginOutcome {
  /** The password was right and a session was issued. */
  SUCCESS,
  /** The account exists and the password was wrong. */
  WRONG_PASSWORD,
  /** No account with a password has that email. */
  UNKNOWN_ACCOUNT,
  /** The account was locked; the password was not looked at. */
  LOCKED,
  /** The password was right but the account waits for approval. */
  PENDING,
  /** The password was right but the account is disabled. */
  DISABLED,
  /** The shared app password was wrong (recorded without a user, by client address). */
  WRONG_APP_PASSWORD,
  /** The first factor was right; the sign-in waits for the user's second factor. */
  SECOND_FACTOR_REQUIRED,
  /** A second-factor code was wrong, used, or came during a cooldown. */
  WRONG_SECOND_FACTOR,
  /** A sign-in completed with a recovery code (one of them is now used). */
  RECOVERY_CODE,
  /** A sign-in code sent by email was wrong (recorded for an address with an account). */
  WRONG_EMAIL_CODE
}
