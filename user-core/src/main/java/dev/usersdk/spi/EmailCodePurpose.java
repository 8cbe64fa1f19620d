package dev.usersdk.spi;

/** What an emailed code confirms. */
public enum EmailCodePurpose {
  /** That the user owns the email on the account. */
  VERIFY,
  /** That the user owns the new address of an email change. */
  CHANGE,
  /** A sign-in without a password. */
  SIGN_IN
}
