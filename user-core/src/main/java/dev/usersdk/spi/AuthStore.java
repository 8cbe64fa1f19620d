package dev.usersdk.spi;

import dev.usersdk.auth.LoginAttempt;
import dev.usersdk.auth.LoginOutcome;
import dev.usersdk.user.Email;
import dev.usersdk.user.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Proofs of identity as rows: password credentials with their lockout counters, sessions and their
 * refresh tokens, revoked access tokens, pending registrations, reset tokens, login attempts and
 * the shared app password. The service decides what to write; the store makes it durable.
 *
 * <p>Secrets are never stored in the clear: tokens and codes arrive here already hashed ({@code
 * tokenHash}, {@code codeHash}: lower-case hex), passwords as encoded hashes.
 *
 * <p>Rows that belong to a user disappear with the user ({@link UserStore#delete}). The {@code
 * ForUpdate} reads lock the row until the transaction ends.
 */
public interface AuthStore {

  // -- credentials -------------------------------------------------------------------------------

  Optional<StoredCredentials> credentials(UserId userId);

  Optional<StoredCredentials> credentialsForUpdate(UserId userId);

  /** Inserts or replaces the user's credentials. The user must exist. */
  void saveCredentials(StoredCredentials credentials);

  // -- sessions, refresh and access tokens --------------------------------------------------------

  void insertSession(StoredSession session);

  /**
   * Ends a session.
   *
   * @return {@code false} if there is no such session or it was already revoked
   */
  boolean revokeSession(UUID sessionId, Instant at);

  /**
   * Ends a session of this user.
   *
   * @return {@code false} if the user has no such session or it was already revoked
   */
  boolean revokeSessionOf(UserId userId, UUID sessionId, Instant at);

  /** Revokes every session of the user that is not revoked yet; returns how many. */
  int revokeSessionsOf(UserId userId, Instant at);

  void insertRefreshToken(StoredRefreshToken token);

  Optional<StoredRefreshToken> refreshTokenForUpdate(String tokenHash);

  /**
   * Marks the token used if it is not used yet.
   *
   * @return {@code false} if it was already used (or does not exist): nothing was written
   */
  boolean markRefreshTokenUsed(String tokenHash, Instant at);

  /**
   * Deletes the session's refresh tokens that are not used yet (a step-up replaces them with one
   * that carries the new second factor); returns how many.
   */
  int deleteUnusedRefreshTokensOf(UUID sessionId);

  /** Whether the session exists and is not revoked. */
  boolean isSessionActive(UUID sessionId);

  /** The session, revoked or not. */
  Optional<StoredSession> session(UUID sessionId);

  /** The user's sessions that are not revoked, most recently used first. */
  List<StoredSession> activeSessionsOf(UserId userId);

  /** Records that the session was used (refreshed) at {@code at}. */
  void touchSession(UUID sessionId, Instant at);

  /** Revokes every active session of the user except {@code keep}; returns how many. */
  int revokeOtherSessionsOf(UserId userId, UUID keep, Instant at);

  /** Records that the access token {@code jti} is revoked until it expires anyway. Idempotent. */
  void revokeToken(String jti, Instant expiresAt);

  /**
   * Everything {@code authenticate} needs to know about an access token's subject, in one statement
   * on a database: the user, whether the token's session is active, and whether the token itself
   * was revoked. Empty if the user does not exist.
   */
  Optional<TokenCheck> checkToken(UserId userId, UUID sessionId, String jti);

  // -- registrations ------------------------------------------------------------------------------

  Optional<PendingRegistration> registrationForUpdate(Email email);

  /** Inserts or replaces the pending registration for its email. */
  void saveRegistration(PendingRegistration registration);

  boolean deleteRegistration(Email email);

  // -- password reset -----------------------------------------------------------------------------

  void insertResetToken(StoredResetToken token);

  Optional<StoredResetToken> resetTokenForUpdate(String tokenHash);

  /** The user's stored reset tokens, newest first: what rate-limits reset requests. */
  List<StoredResetToken> resetTokensOf(UserId userId);

  /** Deletes all of the user's reset tokens; returns how many. */
  int deleteResetTokensOf(UserId userId);

  // -- login attempts -----------------------------------------------------------------------------

  void recordAttempt(LoginAttempt attempt);

  /** The user's most recent attempts, newest first. */
  List<LoginAttempt> attempts(UserId userId, int limit);

  /**
   * When attempts with this outcome came from this client address (null: from callers that gave
   * none) since {@code since}, newest first, at most {@code limit}.
   */
  List<Instant> attemptTimes(
      @Nullable String clientAddress, LoginOutcome outcome, Instant since, int limit);

  // -- shared app password

  Optional<StoredAppPassword> appPassword();

  Optional<StoredAppPassword> appPasswordForUpdate();

  /** Inserts or replaces the one app password. */
  void saveAppPassword(StoredAppPassword appPassword);

  // -- housekeeping -------------------------------------------------------------------------------

  /**
   * Deletes what can no longer matter: revocations of tokens expired by {@code now}, refresh tokens
   * expired by {@code now} (and sessions left without any), reset tokens and pending registrations
   * expired by {@code now}, and login attempts older than {@code attemptsBefore}.
   *
   * @return how many rows were deleted
   */
  int purgeExpired(Instant now, Instant attemptsBefore);
}
