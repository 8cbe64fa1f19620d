package dev.usersdk.testkit.memory;

import dev.usersdk.StoreFailureException;
import dev.usersdk.auth.LoginAttempt;
import dev.usersdk.auth.LoginOutcome;
import dev.usersdk.spi.AuthStore;
import dev.usersdk.spi.PendingRegistration;
import dev.usersdk.spi.StoredAppPassword;
import dev.usersdk.spi.StoredCredentials;
import dev.usersdk.spi.StoredRefreshToken;
import dev.usersdk.spi.StoredResetToken;
import dev.usersdk.spi.StoredSession;
import dev.usersdk.spi.TokenCheck;
import dev.usersdk.user.Email;
import dev.usersdk.user.User;
import dev.usersdk.user.UserId;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * {@link AuthStore} over {@link AuthTables}, bound to one transaction; every write can be undone.
 * It checks what the JDBC schema's keys check (a session needs its user, a refresh token its
 * session, no key twice) and fails the same way, with a {@link StoreFailureException}.
 */
final class MemoryAuthStore implements AuthStore {
  private final AuthTables t;
  private final UserTable users;
  private final MemoryTransaction tx;

  MemoryAuthStore(AuthTables tables, UserTable users, MemoryTransaction tx) {
    this.t = tables;
    this.users = users;
    this.tx = tx;
  }

  // -- credentials -------------------------------------------------------------------------------

  @Override
  public Optional<StoredCredentials> credentials(UserId userId) {
    tx.checkUsable();
    return Optional.ofNullable(t.credentials.get(userId));
  }

  @Override
  public Optional<StoredCredentials> credentialsForUpdate(UserId userId) {
    return credentials(userId); // transactions are serialised: every read is as good as locked
  }

  @Override
  public void saveCredentials(StoredCredentials credentials) {
    tx.checkUsable();
    requireUser(credentials.userId(), "saving credentials");
    put(t.credentials, credentials.userId(), credentials);
  }

  // -- sessions, refresh and access tokens --------------------------------------------------------

  @Override
  public void insertSession(StoredSession session) {
    tx.checkUsable();
    requireUser(session.userId(), "inserting a session");
    requireNew(t.sessions, session.id(), "inserting a session");
    put(t.sessions, session.id(), session);
  }

  @Override
  public boolean revokeSession(UUID sessionId, Instant at) {
    tx.checkUsable();
    Objects.requireNonNull(at, "at");
    StoredSession current = t.sessions.get(sessionId);
    if (current == null || current.revokedAt().isPresent()) {
      return false;
    }
    put(t.sessions, sessionId, revoked(current, at));
    return true;
  }

  @Override
  public boolean revokeSessionOf(UserId userId, UUID sessionId, Instant at) {
    tx.checkUsable();
    StoredSession current = t.sessions.get(sessionId);
    return current != null && current.userId().equals(userId) && revokeSession(sessionId, at);
  }

  @Override
  public int revokeSessionsOf(UserId userId, Instant at) {
    tx.checkUsable();
    Objects.requireNonNull(at, "at");
    List<StoredSession> active =
        t.sessions.values().stream()
            .filter(s -> s.userId().equals(userId) && s.revokedAt().isEmpty())
            .collect(Collectors.toList());
    active.forEach(s -> put(t.sessions, s.id(), revoked(s, at)));
    return active.size();
  }

  @Override
  public void insertRefreshToken(StoredRefreshToken token) {
    tx.checkUsable();
    if (!t.sessions.containsKey(token.sessionId())) {
      throw failure("inserting a refresh token", "no session " + token.sessionId());
    }
    requireNew(t.refreshTokens, token.tokenHash(), "inserting a refresh token");
    put(t.refreshTokens, token.tokenHash(), token);
  }

  @Override
  public Optional<StoredRefreshToken> refreshTokenForUpdate(String tokenHash) {
    tx.checkUsable();
    return Optional.ofNullable(t.refreshTokens.get(tokenHash));
  }

  @Override
  public boolean markRefreshTokenUsed(String tokenHash, Instant at) {
    tx.checkUsable();
    Objects.requireNonNull(at, "at");
    StoredRefreshToken current = t.refreshTokens.get(tokenHash);
    if (current == null || current.usedAt().isPresent()) {
      return false;
    }
    put(
        t.refreshTokens,
        tokenHash,
        new StoredRefreshToken(
            current.tokenHash(),
            current.sessionId(),
            current.userId(),
            current.issuedAt(),
            current.expiresAt(),
            Optional.of(at)));
    return true;
  }

  @Override
  public int deleteUnusedRefreshTokensOf(UUID sessionId) {
    tx.checkUsable();
    return removeIf(
        t.refreshTokens,
        (hash, token) -> token.sessionId().equals(sessionId) && token.usedAt().isEmpty());
  }

  @Override
  public boolean isSessionActive(UUID sessionId) {
    tx.checkUsable();
    StoredSession session = t.sessions.get(sessionId);
    return session != null && session.revokedAt().isEmpty();
  }

  @Override
  public Optional<StoredSession> session(UUID sessionId) {
    tx.checkUsable();
    return Optional.ofNullable(t.sessions.get(sessionId));
  }

  @Override
  public List<StoredSession> activeSessionsOf(UserId userId) {
    tx.checkUsable();
    return t.sessions.values().stream()
        .filter(s -> s.userId().equals(userId) && s.revokedAt().isEmpty())
        .sorted(
            Comparator.comparing(StoredSession::lastUsedAt)
                .thenComparing(StoredSession::id)
                .reversed())
        .toList();
  }

  @Override
  public void touchSession(UUID sessionId, Instant at) {
    tx.checkUsable();
    StoredSession current = t.sessions.get(sessionId);
    if (current != null) {
      put(t.sessions, sessionId, current.usedAt(at));
    }
  }

  @Override
  public int revokeOtherSessionsOf(UserId userId, UUID keep, Instant at) {
    tx.checkUsable();
    List<StoredSession> others =
        activeSessionsOf(userId).stream().filter(s -> !s.id().equals(keep)).toList();
    others.forEach(s -> put(t.sessions, s.id(), revoked(s, at)));
    return others.size();
  }

  @Override
  public void revokeToken(String jti, Instant expiresAt) {
    tx.checkUsable();
    Objects.requireNonNull(jti, "jti");
    Objects.requireNonNull(expiresAt, "expiresAt");
    put(t.revokedTokens, jti, expiresAt);
  }

  @Override
  public Optional<TokenCheck> checkToken(UserId userId, UUID sessionId, String jti) {
    tx.checkUsable();
    User user = users.byId.get(userId);
    if (user == null) {
      return Optional.empty();
    }
    StoredSession session = t.sessions.get(sessionId);
    boolean active =
        session != null && session.userId().equals(userId) && session.revokedAt().isEmpty();
    return Optional.of(new TokenCheck(user, active, t.revokedTokens.containsKey(jti)));
  }

  // -- registrations ------------------------------------------------------------------------------

  @Override
  public Optional<PendingRegistration> registrationForUpdate(Email email) {
    tx.checkUsable();
    return Optional.ofNullable(t.registrations.get(email));
  }

  @Override
  public void saveRegistration(PendingRegistration registration) {
    tx.checkUsable();
    put(t.registrations, registration.email(), registration);
  }

  @Override
  public boolean deleteRegistration(Email email) {
    tx.checkUsable();
    return remove(t.registrations, email) != null;
  }

  // -- password reset -----------------------------------------------------------------------------

  @Override
  public void insertResetToken(StoredResetToken token) {
    tx.checkUsable();
    requireUser(token.userId(), "inserting a reset token");
    requireNew(t.resetTokens, token.tokenHash(), "inserting a reset token");
    put(t.resetTokens, token.tokenHash(), token);
  }

  @Override
  public Optional<StoredResetToken> resetTokenForUpdate(String tokenHash) {
    tx.checkUsable();
    return Optional.ofNullable(t.resetTokens.get(tokenHash));
  }

  @Override
  public List<StoredResetToken> resetTokensOf(UserId userId) {
    tx.checkUsable();
    return t.resetTokens.values().stream()
        .filter(token -> token.userId().equals(userId))
        .sorted(Comparator.comparing(StoredResetToken::createdAt).reversed())
        .toList();
  }

  @Override
  public int deleteResetTokensOf(UserId userId) {
    tx.checkUsable();
    return removeIf(t.resetTokens, (hash, token) -> token.userId().equals(userId));
  }

  // -- login attempts -----------------------------------------------------------------------------

  @Override
  public void recordAttempt(LoginAttempt attempt) {
    tx.checkUsable();
    attempt.userId().ifPresent(userId -> requireUser(userId, "recording a login attempt"));
    requireNew(t.attempts, attempt.id(), "recording a login attempt");
    put(t.attempts, attempt.id(), attempt);
  }

  @Override
  public List<LoginAttempt> attempts(UserId userId, int limit) {
    tx.checkUsable();
    Optional<UserId> owner = Optional.of(userId);
    return t.attempts.descendingMap().values().stream()
        .filter(a -> a.userId().equals(owner))
        .limit(limit)
        .collect(Collectors.toList());
  }

  @Override
  public List<Instant> attemptTimes(
      @Nullable String clientAddress, LoginOutcome outcome, Instant since, int limit) {
    tx.checkUsable();
    return t.attempts.values().stream()
        .filter(a -> a.outcome() == outcome && a.at().isAfter(since))
        .filter(a -> Objects.equals(a.clientAddress().orElse(null), clientAddress))
        .map(LoginAttempt::at)
        .sorted(Comparator.reverseOrder())
        .limit(limit)
        .toList();
  }

  // -- shared app password

  @Override
  public Optional<StoredAppPassword> appPassword() {
    tx.checkUsable();
    return Optional.ofNullable(t.appPassword);
  }

  @Override
  public Optional<StoredAppPassword> appPasswordForUpdate() {
    return appPassword();
  }

  @Override
  public void saveAppPassword(StoredAppPassword appPassword) {
    tx.checkUsable();
    Objects.requireNonNull(appPassword, "appPassword");
    StoredAppPassword previous = t.appPassword;
    t.appPassword = appPassword;
    tx.onRollback(() -> t.appPassword = previous);
  }

  // -- housekeeping -------------------------------------------------------------------------------

  /** As the JDBC store: a session goes once none of its refresh tokens is left. */
  @Override
  public int purgeExpired(Instant now, Instant attemptsBefore) {
    tx.checkUsable();
    int deleted = removeIf(t.revokedTokens, (jti, expiresAt) -> !expiresAt.isAfter(now));
    deleted += removeIf(t.refreshTokens, (hash, token) -> !token.expiresAt().isAfter(now));
    Set<UUID> withTokens =
        t.refreshTokens.values().stream()
            .map(StoredRefreshToken::sessionId)
            .collect(Collectors.toSet());
    deleted += removeIf(t.sessions, (id, session) -> !withTokens.contains(id));
    deleted += removeIf(t.resetTokens, (hash, token) -> !token.expiresAt().isAfter(now));
    deleted +=
        removeIf(t.registrations, (email, registration) -> !registration.expiresAt().isAfter(now));
    deleted += removeIf(t.attempts, (id, attempt) -> attempt.at().isBefore(attemptsBefore));
    return deleted;
  }

  /**
   * Removes everything of a deleted user, as the JDBC schema's cascades do; registrations have no
   * user.
   */
  void deleteUser(UserId userId) {
    remove(t.credentials, userId);
    Set<UUID> sessions =
        t.sessions.values().stream()
            .filter(s -> s.userId().equals(userId))
            .map(StoredSession::id)
            .collect(Collectors.toSet());
    removeIf(t.refreshTokens, (hash, token) -> sessions.contains(token.sessionId()));
    removeIf(t.sessions, (id, session) -> sessions.contains(id));
    removeIf(t.resetTokens, (hash, token) -> token.userId().equals(userId));
    Optional<UserId> owner = Optional.of(userId);
    removeIf(t.attempts, (id, attempt) -> attempt.userId().equals(owner));
    remove(t.totp, userId);
    remove(t.recoveryCodes, userId);
    removeIf(t.challenges, (hash, challenge) -> challenge.userId().equals(userId));
    removeIf(t.emailCodes, (key, code) -> code.userId().equals(owner));
  }

  // ----- undoable writes ------------------------------------------------------------------------

  private static StoredSession revoked(StoredSession session, Instant at) {
    return new StoredSession(
        session.id(),
        session.userId(),
        session.createdAt(),
        Optional.of(at),
        session.lastUsedAt(),
        session.context(),
        session.secondFactorAt());
  }

  private <K, V> void put(Map<K, V> map, K key, V value) {
    tx.put(map, key, value);
  }

  private <K, V> V remove(Map<K, V> map, K key) {
    return tx.remove(map, key);
  }

  private <K, V> int removeIf(Map<K, V> map, BiPredicate<K, V> condition) {
    return tx.removeIf(map, condition);
  }

  // ----- what the schema's keys enforce

  private void requireUser(UserId userId, String what) {
    if (!users.byId.containsKey(userId)) {
      throw failure(what, "no user " + userId);
    }
  }

  /** The key itself stays out of the message: for tokens it is a hash of a secret. */
  private static <K> void requireNew(Map<K, ?> map, K key, String what) {
    if (map.containsKey(key)) {
      throw failure(what, "the key is taken");
    }
  }

  static StoreFailureException failure(String what, String why) {
    return new StoreFailureException(what + " failed: " + why, null);
  }
}
