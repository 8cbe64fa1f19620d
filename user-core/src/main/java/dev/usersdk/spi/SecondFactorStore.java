package dev.usersdk.spi;

import dev.usersdk.user.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Second factors as rows: a user's TOTP key (sealed by the service, never in the clear) with its
 * replay guard and failure counter, the user's recovery codes (hashed), and the short-lived
 * challenges of logins waiting for their second factor (hashed). Rows of a user go with the user.
 * The {@code ForUpdate} read locks the user's TOTP row until the transaction ends: every check of a
 * user's second factor runs under it, so concurrent codes are judged one after another.
 */
public interface SecondFactorStore {

  Optional<StoredTotp> totp(UserId userId);

  Optional<StoredTotp> totpForUpdate(UserId userId);

  /** Inserts or replaces the user's TOTP row. The user must exist. */
  void saveTotp(StoredTotp totp);

  /** Deletes the user's TOTP row and recovery codes; {@code false} if there was no TOTP row. */
  boolean deleteTotp(UserId userId);

  /** Replaces the user's recovery codes by these (their hashes), all unused. */
  void replaceRecoveryCodes(UserId userId, List<String> codeHashes, Instant at);

  /**
   * Marks the user's recovery code used if it is not used yet.
   *
   * @return {@code false} if the user has no such unused code: nothing was written
   */
  boolean useRecoveryCode(UserId userId, String codeHash, Instant at);

  /** How many of the user's recovery codes are unused. */
  int recoveryCodesLeft(UserId userId);

  /**
   * Records that the session proved a second factor at {@code at}; {@code false} if no such
   * session.
   */
  boolean recordSessionSecondFactor(java.util.UUID sessionId, Instant at);

  void insertChallenge(StoredChallenge challenge);

  Optional<StoredChallenge> challengeForUpdate(String tokenHash);

  /** Deletes the user's challenges (its password changed, or it was logged out everywhere). */
  int deleteChallengesOf(UserId userId);

  /** Deletes a challenge: {@code false} if it was gone already. */
  boolean deleteChallenge(String tokenHash);

  /** Deletes the challenges expired by {@code now}; returns how many. */
  int purgeExpiredChallenges(Instant now);
}
