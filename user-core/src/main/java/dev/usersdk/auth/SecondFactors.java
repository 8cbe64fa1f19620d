package dev.usersdk.auth;

import dev.usersdk.user.UserId;

/**
 * A user's second factor ({@code client.auth().secondFactors()}): a TOTP key from an authenticator
 * app (RFC 6238: SHA-1, six digits, 30 seconds, one step of leeway either side) and ten recovery
 * codes. Each code works once, also when two requests race; five wrong codes in a row start a
 * cooldown (15 minutes by default) in which every code is refused. Keys are stored encrypted with
 * the host's key ({@link AuthConfig.Builder#mfaKey}); codes are never logged.
 *
 * <p>The host decides who may call these for a user (usually the user's own session); the calls
 * that weaken the account ask for a current code.
 */
public interface SecondFactors {

  /**
   * Starts a TOTP enrolment: a new 160-bit key, stored encrypted and not yet required. Starting
   * again before {@link #confirmTotp confirming} replaces the waiting key.
   *
   * @param accountName the label the authenticator app shows under the issuer (usually the email)
   * @throws SecondFactorEnabledException if the user has a confirmed second factor already
   * @throws dev.usersdk.user.UserNotFoundException if there is no such user
   */
  TotpEnrolment enrolTotp(UserId userId, String accountName);

  /**
   * Confirms the enrolment with a first code from the app: from now on sign-ins ask for a second
   * factor. Returns the user's ten recovery codes, shown this once.
   *
   * @throws InvalidCodeException if the code is wrong, used, in a cooldown, or nothing waits
   */
  RecoveryCodes confirmTotp(UserId userId, String code);

  /**
   * Turns the second factor off, with a current code (TOTP or recovery): the key and the recovery
   * codes are deleted.
   *
   * @throws InvalidCodeException if the code is refused
   */
  void disable(UserId userId, String code);

  /**
   * An admin turns a user's second factor off (a lost phone and lost codes): no code needed.
   *
   * @throws dev.usersdk.ForbiddenException if {@code admin} is neither an admin nor a holder of
   *     {@link dev.usersdk.user.Permissions#MFA_RESET} (see {@link Auth#requirePermission})
   */
  void disableByAdmin(Principal admin, UserId userId);

  /**
   * Replaces the recovery codes with ten new ones, with a current code: the old set stops working.
   *
   * @throws InvalidCodeException if the code is refused
   */
  RecoveryCodes regenerateRecoveryCodes(UserId userId, String code);

  /** The user's second factor, without secrets. */
  SecondFactorStatus status(UserId userId);
}
