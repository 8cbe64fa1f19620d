package dev.usersdk.event.internal;

import dev.usersdk.event.UserEvent;
import dev.usersdk.spi.SecondFactorStore;
import dev.usersdk.spi.StoreTransaction;
import dev.usersdk.spi.StoredChallenge;
import dev.usersdk.spi.StoredTotp;
import dev.usersdk.user.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A second-factor store whose changes of state record {@code user.mfa_enabled} (an enrolment
 * confirmed) and {@code user.mfa_disabled} (a confirmed factor deleted). Both carry version 0: the
 * user as mirrored does not change.
 */
final class EventingSecondFactorStore implements SecondFactorStore {
  private static final String TOTP = "totp";

  private final SecondFactorStore delegate;
  private final StoreTransaction tx;
  private final Outbox outbox;

  EventingSecondFactorStore(SecondFactorStore delegate, StoreTransaction tx, Outbox outbox) {
    this.delegate = delegate;
    this.tx = tx;
    this.outbox = outbox;
  }

  /**
   * Read under the row lock (the flows hold it already): the state cannot change before the write.
   */
  private boolean enabled(UserId userId) {
    return delegate.totpForUpdate(userId).map(StoredTotp::enabled).orElse(false);
  }

  @Override
  public void saveTotp(StoredTotp totp) {
    boolean before = enabled(totp.userId());
    delegate.saveTotp(totp);
    if (!before && totp.enabled()) {
      outbox.record(tx, totp.userId(), 0, meta -> new UserEvent.MfaEnabled(meta, TOTP));
    }
  }

  @Override
  public boolean deleteTotp(UserId userId) {
    boolean before = enabled(userId);
    boolean deleted = delegate.deleteTotp(userId);
    if (before && deleted) {
      outbox.record(tx, userId, 0, meta -> new UserEvent.MfaDisabled(meta, TOTP));
    }
    return deleted;
  }

  @Override
  public Optional<StoredTotp> totp(UserId userId) {
    return delegate.totp(userId);
  }

  @Override
  public Optional<StoredTotp> totpForUpdate(UserId userId) {
    return delegate.totpForUpdate(userId);
  }

  @Override
  public void replaceRecoveryCodes(UserId userId, List<String> codeHashes, Instant at) {
    delegate.replaceRecoveryCodes(userId, codeHashes, at);
  }

  @Override
  public boolean useRecoveryCode(UserId userId, String codeHash, Instant at) {
    return delegate.useRecoveryCode(userId, codeHash, at);
  }

  @Override
  public int recoveryCodesLeft(UserId userId) {
    return delegate.recoveryCodesLeft(userId);
  }

  @Override
  public boolean recordSessionSecondFactor(UUID sessionId, Instant at) {
    return delegate.recordSessionSecondFactor(sessionId, at);
  }

  @Override
  public void insertChallenge(StoredChallenge challenge) {
    delegate.insertChallenge(challenge);
  }

  @Override
  public Optional<StoredChallenge> challengeForUpdate(String tokenHash) {
    return delegate.challengeForUpdate(tokenHash);
  }

  @Override
  public boolean deleteChallenge(String tokenHash) {
    return delegate.deleteChallenge(tokenHash);
  }

  @Override
  public int deleteChallengesOf(UserId userId) {
    return delegate.deleteChallengesOf(userId);
  }

  @Override
  public int purgeExpiredChallenges(Instant now) {
    return delegate.purgeExpiredChallenges(now);
  }
}
