package dev.usersdk.spi;

import java.time.Instant;
import java.util.Optional;

/**
 * Codes (and links) sent to an address: to verify a user's email, to confirm a change of email, to
 * sign in without a password. One pending code per purpose and subject (a user id, or the address
 * signing in); a new one replaces it. Codes and link tokens arrive hashed. The {@code ForUpdate}
 * reads lock the row until the transaction ends, so of racing confirmations one consumes it.
 */
public interface EmailCodeStore {

  Optional<StoredEmailCode> emailCodeForUpdate(EmailCodePurpose purpose, String subject);

  Optional<StoredEmailCode> emailCodeByLinkForUpdate(String linkHash);

  /** Inserts or replaces the code of its purpose and subject. */
  void saveEmailCode(StoredEmailCode code);

  /** {@code false} if there was none. */
  boolean deleteEmailCode(EmailCodePurpose purpose, String subject);

  /**
   * Deletes the codes expired by {@code now} whose hour of sends began before {@code
   * windowsBefore}; returns how many.
   */
  int purgeExpiredEmailCodes(Instant now, Instant windowsBefore);
}
