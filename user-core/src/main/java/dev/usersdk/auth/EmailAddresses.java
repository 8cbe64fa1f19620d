package dev.usersdk.auth;

import dev.usersdk.auth.password.Password;
import dev.usersdk.user.User;
import dev.usersdk.user.UserId;

/**
 * A user's email address after sign-up ({@code client.auth().emails()}): proving it (verification
 * by code or link) and changing it (confirmed by a code sent to the new address). Codes work for
 * {@link EmailCodeConfig#codeTtl()} and {@link EmailCodeConfig#maxAttempts()} wrong tries; within
 * {@link EmailCodeConfig#resendCooldown()} a second request sends nothing and the first code stays
 * valid. Sessions survive an email change (the password and the second factor do not change; the
 * user can end the other sessions).
 */
public interface EmailAddresses {

  /**
   * Sends a code (and a link, with {@link EmailCodeConfig#verifyLinkTemplate()}) to the user's
   * address. Nothing is sent if the address is verified already.
   *
   * @throws dev.usersdk.ForbiddenException for a user whose issuer (e.g. Auth0) vouches for the
   *     email: its {@code email_verified} claim is kept
   */
  void requestVerification(UserId userId);

  /**
   * Marks the address verified ({@code user.email_verified}).
   *
   * @throws InvalidCodeException if the code is wrong, expired or used up, or none was sent
   */
  User confirmVerification(UserId userId, String code);

  /** {@link #confirmVerification} with the link's token. */
  User confirmVerificationLink(String token);

  /**
   * The user asks to change the email, re-authenticated by the current password: a code goes to the
   * new address; nothing changes until it is confirmed.
   *
   * @throws InvalidCredentialsException if the password is wrong (counts towards the lockout)
   * @throws dev.usersdk.ValidationException if the new email is malformed
   */
  void requestChange(UserId userId, String newEmail, Password currentPassword);

  /**
   * An admin asks to change a user's email: the code goes to the new address all the same. Whether
   * another account has the address is only told at confirmation, to whoever proved they own it.
   *
   * @throws dev.usersdk.ForbiddenException if {@code admin} is not one
   */
  void requestChangeByAdmin(Principal admin, UserId userId, String newEmail);

  /**
   * Confirms the change: the new address becomes the user's (verified), and the old address is
   * told. The address must still be free now: of two users confirming the same one, one wins.
   *
   * @throws InvalidCodeException if the code is wrong, expired or used up, or no change waits
   * @throws dev.usersdk.user.DuplicateEmailException if another account took the address meanwhile
   */
  User confirmChange(UserId userId, String code);
}
