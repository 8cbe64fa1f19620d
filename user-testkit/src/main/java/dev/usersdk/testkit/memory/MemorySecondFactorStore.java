package dev.usersdk.testkit.memory;

import dev.usersdk.spi.SecondFactorStore;
import dev.usersdk.spi.StoredChallenge;
import dev.usersdk.spi.StoredSession;
import dev.usersdk.spi.StoredTotp;
import dev.usersdk.user.UserId;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link SecondFactorStore} over {@link AuthTables}, bound to one transaction; every write can be
 * undone. A user's recovery codes are replaced as a whole map (copy on write), so a rollback puts
 * the old one back. Checks what the JDBC schema's keys check.
 */
final class MemorySecondFactorStore implements SecondFactorStore {
  private final AuthTables t;
  private final UserTable users;
  private final MemoryTransaction tx;

  MemorySecondFactorStore(AuthTables tables, UserTable users, MemoryTransaction tx) {
    this.t = tables;
    this.users = users;
    this.tx = tx;
  }

  @Override
  public Optional<StoredTotp> totp(UserId userId) {
    tx.checkUsable();
    return Optional.ofNullable(t.totp.get(userId));
  }

  @Override
  public Optional<StoredTotp> totpForUpdate(UserId userId) {
    return totp(userId); // transactions are serialised: every read is as good as locked
  }

  @Override
  public void saveTotp(StoredTotp totp) {
    tx.checkUsable();
    requireUser(totp.userId(), "saving a TOTP key");
    tx.put(t.totp, totp.userId(), totp);
  }

  @Override
  public boolean deleteTotp(UserId userId) {
    tx.checkUsable();
    tx.remove(t.recoveryCodes, userId);
    return tx.remove(t.totp, userId) != null;
  }

  @Override
  public void replaceRecoveryCodes(UserId userId, List<String> codeHashes, Instant at) {
    tx.checkUsable();
    Objects.requireNonNull(at, "at");
    requireUser(userId, "inserting recovery codes");
    Map<String, Optional<Instant>> codes = new LinkedHashMap<>();
    for (String hash : codeHashes) {
      if (codes.put(hash, Optional.empty()) != null) {
        throw MemoryAuthStore.failure("inserting recovery codes", "the key is taken");
      }
    }
    tx.put(t.recoveryCodes, userId, Map.copyOf(codes));
  }

  @Override
  public boolean useRecoveryCode(UserId userId, String codeHash, Instant at) {
    tx.checkUsable();
    Map<String, Optional<Instant>> codes = t.recoveryCodes.getOrDefault(userId, Map.of());
    Optional<Instant> used = codes.get(codeHash);
    if (used == null || used.isPresent()) {
      return false;
    }
    Map<String, Optional<Instant>> next = new LinkedHashMap<>(codes);
    next.put(codeHash, Optional.of(at));
    tx.put(t.recoveryCodes, userId, Map.copyOf(next));
    return true;
  }

  @Override
  public int recoveryCodesLeft(UserId userId) {
    tx.checkUsable();
    return (int)
        t.recoveryCodes.getOrDefault(userId, Map.of()).values().stream()
            .filter(Optional::isEmpty)
            .count();
  }

  @Override
  public boolean recordSessionSecondFactor(UUID sessionId, Instant at) {
    tx.checkUsable();
    StoredSession s = t.sessions.get(sessionId);
    if (s == null) {
      return false;
    }
    tx.put(t.sessions, sessionId, s.withSecondFactorAt(at));
    return true;
  }

  @Override
  public void insertChallenge(StoredChallenge challenge) {
    tx.checkUsable();
    requireUser(challenge.userId(), "inserting a challenge");
    if (t.challenges.containsKey(challenge.tokenHash())) {
      throw MemoryAuthStore.failure("inserting a challenge", "the key is taken");
    }
    tx.put(t.challenges, challenge.tokenHash(), challenge);
  }

  @Override
  public Optional<StoredChallenge> challengeForUpdate(String tokenHash) {
    tx.checkUsable();
    return Optional.ofNullable(t.challenges.get(tokenHash));
  }

  @Override
  public boolean deleteChallenge(String tokenHash) {
    tx.checkUsable();
    return tx.remove(t.challenges, tokenHash) != null;
  }

  @Override
  public int deleteChallengesOf(UserId userId) {
    tx.checkUsable();
    return tx.removeIf(t.challenges, (hash, c) -> c.userId().equals(userId));
  }

  @Override
  public int purgeExpiredChallenges(Instant now) {
    tx.checkUsable();
    return tx.removeIf(t.challenges, (hash, c) -> !c.expiresAt().isAfter(now));
  }

  private void requireUser(UserId userId, String what) {
    if (!users.byId.containsKey(userId)) {
      throw MemoryAuthStore.failure(what, "no user " + userId);
    }
  }
}
