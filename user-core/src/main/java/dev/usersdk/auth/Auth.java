package dev.usersdk.auth;

import dev.usersdk.auth.password.Password;
import dev.usersdk.user.NewUser;
import dev.usersdk.user.User;
import dev.usersdk.user.UserId;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Everything about proving identity ({@code client.auth()}): registration, login, sessions, the
 * "current user" check, logout, password change and reset, lockout, and the auth modes. Host
 * endpoints delegate to it and map its typed exceptions to their protocol (401, 403, 429, 503).
 *
 * <p>Nothing here logs or echoes a password, token, code or reset link.
 */
public interface Auth {

  /** The primary mode: the first configured. */
  AuthMode mode();

  /** Every accepted mode, primary first. */
  List<AuthMode> modes();

  // -- registration -------------------------------------------------------------------------------

  /**
   * Starts a registration: stores it pending with a 6-digit code (hashed) and sends the code
   * through the {@link Notifier}. Returns the same way whether or not the email already has an
   * account (its owner gets a notice instead of a code), and within the resend cooldown sends
   * nothing new (the earlier code stays valid).
   *
   * @param name an optional display name
   * @throws dev.usersdk.ValidationException if the email is malformed
   * @throws dev.usersdk.auth.password.WeakPasswordException if the password policy refuses the
   *     password
   */
  void register(String email, Password password, @Nullable String name);

  /**
   * Completes a registration: creates the user (with its opening balance; {@code PENDING} when
   * approval is required), or, when a legacy owner is configured and still has no email, gives that
   * user this email and password instead.
   *
   * @throws InvalidCodeException if the code is wrong, expired or used up, or nothing is pending
   */
  User confirmRegistration(String email, String code);

  /** The admin or import path: creates a user with a password directly, no code. */
  User createUser(NewUser newUser, Password password);

  /**
   * Moves one existing user in with its id, creation time, status, admin flag, verified email,
   * password hash (verified as it is, upgraded on the next login) and balance (the first entry of
   * its history). Idempotent: a user whose id exists already is left as it is.
   */
  ImportResult importUser(ImportedUser user);

  /** {@link #importUser} for each, one transaction per user: a refused row stops no other. */
  List<ImportResult> importUsers(List<ImportedUser> users);

  /** Sets a user's password (admin path); ends all the user's sessions and clears the lockout. */
  void setPassword(UserId userId, Password password);

  // -- sessions -----------------------------------------------------------------------------------

  /** {@link #login(String, Password, LoginContext)} without context. */
  Session login(String email, Password password);

  /**
   * Checks the password and opens a session. For a user with a second factor it throws {@link
   * SecondFactorRequiredException} carrying the challenge to complete ({@link #signIn} returns it
   * instead).
   *
   * @throws InvalidCredentialsException for an unknown email, a wrong password or a locked account
   * @throws AccountPendingException if the password is right but the account awaits approval
   * @throws AccountDisabledException if the password is right but the account is disabled
   * @throws SecondFactorRequiredException if the password is right and the user has a second factor
   * @throws dev.usersdk.auth.password.PasswordHashingBusyException (retryable) under a login flood
   */
  Session login(String email, Password password, LoginContext context);

  /**
   * Checks the password: a session ({@link SignIn.Complete}), or, for a user with a second factor,
   * a short-lived single-use challenge ({@link SignIn.SecondFactorRequired}) to complete with
   * {@link #completeSignIn}. Refuses as {@link #login(String, Password, LoginContext)} does.
   */
  SignIn signIn(String email, Password password, LoginContext context);

  /**
   * Completes a sign-in with a code from the authenticator app or a recovery code: the session
   * records that it proved two factors ({@link Principal#assurance()}). A wrong code counts towards
   * the user's cooldown; the challenge works until it expires or one completion succeeds.
   *
   * @throws InvalidCodeException if the challenge is unknown, used or expired, or the code is
   *     refused (wrong, used, or in a cooldown) — the same error for each
   */
  Session completeSignIn(String challenge, String code, LoginContext context);

  /**
   * Proves the caller's second factor again (step-up, before a sensitive action): returns a new
   * token pair for the same session whose {@link Principal#secondFactorAt()} is now.
   *
   * @throws InvalidCodeException if the code is refused or the user has no second factor
   * @throws InvalidTokenException if the caller has no usersdk session, or it ended
   */
  Session stepUp(Principal caller, String code);

  /**
   * The "recently proved a second factor" check for sensitive actions.
   *
   * @return the principal, if its session proved a second factor within {@code maxAge}
   * @throws SecondFactorRequiredException otherwise (step up with {@link #stepUp})
   */
  Principal requireRecentSecondFactor(Principal principal, Duration maxAge);

  /** The user's second factor: TOTP enrolment and removal, recovery codes. */
  SecondFactors secondFactors();

  /** The user's email address: verification and change. */
  EmailAddresses emails();

  // -- sign-in without a password -----------------------------------------------------------------

  /**
   * Sends a 6-digit code (and a link, with {@link EmailCodeConfig#signInLinkTemplate()}) that signs
   * in without a password; either works once and ends the other. Returns the same way, after the
   * same work, whether or not the address has an account: without one (and without {@link
   * EmailCodeConfig#createAccountsOnSignIn()}) its owner is sent a notice instead of a code.
   *
   * @throws dev.usersdk.ValidationException if the email is malformed
   */
  void requestSignInCode(String email);

  /**
   * Signs in with an emailed code: a session, or a challenge for the user's second factor. The
   * address counts as verified from now on.
   *
   * @throws InvalidCodeException if the code is wrong, expired or used up, or none was sent — the
   *     same error for an address without an account
   */
  SignIn signInWithCode(String email, String code, LoginContext context);

  /** {@link #signInWithCode} with the link's token. */
  SignIn signInWithLink(String token, LoginContext context);

  /**
   * Exchanges a refresh token for a new session (rotation). A refresh token works once: presenting
   * it again revokes its whole session family, since one of the two presenters stole it.
   *
   * @throws InvalidTokenException if the token is unknown, expired, used or its session revoked
   */
  Session refresh(String refreshToken);

  /**
   * The "current user" check: verifies an access token and returns who it belongs to. Routes the
   * token to the authenticator that handles it; in {@code NONE} mode returns the local user.
   *
   * @throws InvalidTokenException if the token is refused (a 401)
   * @throws AccountPendingException if the user awaits approval
   * @throws AccountDisabledException if the user is disabled
   * @throws TokenVerifierUnavailableException if another issuer's keys are out of reach (a 503;
   *     retryable)
   */
  Principal authenticate(String token);

  /**
   * The public keys of usersdk's own tokens as a JWK set document ({@code {"keys": [...]}}), to
   * publish (e.g. at {@code /.well-known/jwks.json}) so that other services verify tokens without a
   * secret; with {@link SigningKeys} configured. Empty ({@code {"keys":[]}}) for HS256, whose
   * secret is never published.
   */
  String publicKeys();

  /**
   * The "admin only" check.
   *
   * @return the principal, if it is an admin
   * @throws dev.usersdk.ForbiddenException otherwise
   * @throws SecondFactorRequiredException if admins must use a second factor ({@link
   *     MfaConfig#requiredForAdmins()}) and this session did not prove one
   */
  Principal requireAdmin(Principal principal);

  /**
   * The principal, if it {@linkplain Principal#hasPermission holds} {@code permission}: through a
   * role (or, for the host's own permissions, another issuer's claim), or as an admin. With {@link
   * MfaConfig#requiredForAdmins()}, usersdk's own privileged permissions need a session that proved
   * a second factor however they are held, and so does anything an admin holds only by being one
   * (usersdk's own tokens; other issuers keep their own policies).
   *
   * @throws dev.usersdk.ForbiddenException otherwise
   * @throws SecondFactorRequiredException for an admin whose session must prove a second factor
   *     first
   */
  Principal requirePermission(Principal principal, String permission);

  /**
   * Ends the session of this access token: the token and its refresh tokens stop working. A genuine
   * token that has expired still ends its session.
   *
   * @throws InvalidTokenException if the token is not one of ours (forged, malformed)
   */
  void logout(String accessToken);

  /**
   * Ends the session of this refresh token (a client that kept only its refresh token).
   *
   * @throws InvalidTokenException if the token is unknown
   */
  void logoutRefreshToken(String refreshToken);

  /**
   * Ends one of the user's sessions by its id ({@link Principal#sessionId()}); idempotent.
   *
   * @return {@code false} if the user has no such active session (another user's session is never
   *     touched)
   */
  boolean endSession(UserId userId, UUID sessionId);

  /**
   * The caller's active sessions ("your devices"), most recently used first, the caller's own
   * marked {@link SessionInfo#current() current}.
   */
  List<SessionInfo> sessions(Principal caller);

  /** A user's active sessions, for an admin; none is marked current. */
  List<SessionInfo> sessionsOf(UserId userId);

  /**
   * Ends every session of the caller but the one it calls from ("sign out other devices").
   *
   * @return how many sessions ended
   * @throws InvalidTokenException if the caller has no usersdk session (another issuer's token)
   */
  int endOtherSessions(Principal caller);

  /**
   * Ends every session of the user: the user's own act ("sign out everywhere"), neither checked nor
   * audited. Ending someone else's sessions: {@link #logoutEverywhere(UserId, Principal)} or {@link
   * #logoutEverywhere(UserId, UserId)}.
   */
  void logoutEverywhere(UserId userId);

  /**
   * Ends every session of the user, by an admin or a holder of {@link
   * dev.usersdk.user.Permissions#SESSIONS_REVOKE} — and only an admin ends an admin's ({@link
   * dev.usersdk.ForbiddenException} otherwise); with {@link MfaConfig#requiredForAdmins()} the
   * caller's session must have proved a second factor, whether the permission comes from being an
   * admin or from a role ({@link SecondFactorRequiredException}). Recorded in the audit trail as a
   * forced logout when it ended any session.
   */
  void logoutEverywhere(UserId userId, Principal admin);

  /**
   * {@link #logoutEverywhere(UserId, Principal)} by the user {@code actor} (an operator tool's
   * admin, say): an admin or a holder of {@link dev.usersdk.user.Permissions#SESSIONS_REVOKE} (only
   * an admin for an admin; a disabled actor never), checked in the same transaction ({@link
   * dev.usersdk.ForbiddenException} otherwise, and nothing ends); recorded as a forced logout when
   * it ended any session. No second-factor rule: there is no session to ask.
   *
   * @throws dev.usersdk.user.UserNotFoundException if either user does not exist
   */
  void logoutEverywhere(UserId userId, UserId actor);

  /**
   * Changes the password after checking the current one; ends every session and returns a new one
   * for the caller. For a user with a second factor the password is changed all the same, and the
   * new session needs the second factor: {@link SecondFactorRequiredException} carries the
   * challenge to complete.
   *
   * @throws InvalidCredentialsException if {@code current} is wrong (counts towards the lockout)
   * @throws SecondFactorRequiredException if the user has a second factor (the password changed)
   */
  Session changePassword(UserId userId, Password current, Password next);

  // -- password reset -----------------------------------------------------------------------------

  /** Sends a reset link if the email has an account with a password; behaves the same if not. */
  void requestPasswordReset(String email);

  /**
   * Sets a new password with a reset token: single use; deletes the user's other reset tokens, ends
   * every session and clears the lockout. Does not log the user in.
   *
   * @throws InvalidTokenException if the token is unknown, used or expired
   */
  void resetPassword(String token, Password newPassword);

  // -- administration -----------------------------------------------------------------------------

  /** The user's most recent login attempts, newest first. */
  List<LoginAttempt> loginAttempts(UserId userId, int limit);

  /** Clears a lockout and the failure count. */
  void unlock(UserId userId);

  /** Deletes expired revocations, tokens, registrations and old attempts; returns how many rows. */
  int purgeExpired();

  /** The shared app password. */
  AppPassword appPassword();
}
