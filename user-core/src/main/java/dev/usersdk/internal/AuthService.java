package dev.usersdk.internal;

import dev.usersdk.ConcurrentUpdateException;
import dev.usersdk.ConfigurationException;
import dev.usersdk.ForbiddenException;
import dev.usersdk.ValidationException;
import dev.usersdk.auth.AccountDisabledException;
import dev.usersdk.auth.AccountPendingException;
import dev.usersdk.auth.AppPassword;
import dev.usersdk.auth.Auth;
import dev.usersdk.auth.AuthConfig;
import dev.usersdk.auth.AuthMode;
import dev.usersdk.auth.Authenticator;
import dev.usersdk.auth.InvalidCodeException;
import dev.usersdk.auth.InvalidCredentialsException;
import dev.usersdk.auth.InvalidTokenException;
import dev.usersdk.auth.LoginAttempt;
import dev.usersdk.auth.LoginContext;
import dev.usersdk.auth.LoginOutcome;
import dev.usersdk.auth.Notification;
import dev.usersdk.auth.Notifier;
import dev.usersdk.auth.Principal;
import dev.usersdk.auth.Session;
import dev.usersdk.auth.password.Password;
import dev.usersdk.auth.password.PasswordHasher;
import dev.usersdk.auth.password.PasswordPolicy;
import dev.usersdk.spi.PendingRegistration;
import dev.usersdk.spi.StoreTransaction;
import dev.usersdk.spi.StoredCredentials;
import dev.usersdk.spi.StoredRefreshToken;
import dev.usersdk.spi.StoredResetToken;
import dev.usersdk.spi.StoredSession;
import dev.usersdk.spi.Stores;
import dev.usersdk.spi.TokenCheck;
import dev.usersdk.user.AuthProvider;
import dev.usersdk.user.DuplicateEmailException;
import dev.usersdk.user.Email;
import dev.usersdk.user.NewUser;
import dev.usersdk.user.Profile;
import dev.usersdk.user.ProfileField;
import dev.usersdk.user.User;
import dev.usersdk.user.UserId;
import dev.usersdk.user.UserNotFoundException;
import dev.usersdk.user.UserStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The implementation of {@link Auth}. Not API: reach it through {@code UserClient.auth()}. */
public final class AuthService implements Auth {
  private static final Logger log = LoggerFactory.getLogger(AuthService.class);
  /** Opaque tokens are 43 characters; anything much longer is not ours and is refused unhashed. */
  private static final int MAX_OPAQUE_TOKEN_LENGTH = 128;
  private static final int MAX_ATTEMPTS_LISTED = 1000;
  /**
   * Longer passwords are refused at login before hashing. Far above any policy's maximum (so no
   * stored password is locked out), low enough that a flood of huge inputs costs nothing.
   */
  static final int MAX_PRESENTED_PASSWORD_LENGTH = 1024;
  private static final String SESSION_CLAIM = "sid";

  private final Stores stores;
  private final AuthConfig config;
  private final Clock clock;
  private final UuidV7 ids;
  private final UserService users;
  private final PasswordHasher hasher;
  private final PasswordPolicy policy;
  private final Notifier notifier;
  private final Secrets secrets;
  private final AccessTokens tokens;
  private final List<Authenticator> authenticators;
  private final AppPasswordService appPassword;
  private final DecoyHash decoy;

  public AuthService(Stores stores, AuthConfig config, Clock clock, UuidV7 ids, UserService users,
      PasswordHasher hasher, PasswordPolicy policy, Notifier notifier, Secrets secrets, List<Authenticator> authenticators) {
    this.stores = Objects.requireNonNull(stores, "stores");
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ids = Objects.requireNonNull(ids, "ids");
    this.users = Objects.requireNonNull(users, "users");
    this.hasher = Objects.requireNonNull(hasher, "hasher");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.notifier = Objects.requireNonNull(notifier, "notifier");
    this.secrets = Objects.requireNonNull(secrets, "secrets");
    this.tokens = new AccessTokens(config);
    this.authenticators = List.copyOf(authenticators);
    this.decoy = new DecoyHash(hasher);
    this.appPassword = new AppPasswordService(stores, config, clock, hasher, tokens, decoy, this::checkNewPassword);
  }

  @Override
  public AuthMode mode() {
    return config.primaryMode();
  }

  @Override
  public List<AuthMode> modes() {
    return config.modes();
  }

  // -- registration -------------------------------------------------------------------------------

  @Override
  public void register(String email, Password password, String name) {
    requireNotifier();
    Email canonical = Email.of(email);
    checkNewPassword(password);
    String displayName = Profile.EMPTY.with(ProfileField.NAME, name).name(); // validated like any profile name
    // Hashed before anything is looked up: the same work whether or not the account exists.
    String passwordHash = hasher.hash(password);
    Instant now = now();
    String code = secrets.newCode();
    Notification toSend = stores.inTransaction(tx -> {
      Optional<PendingRegistration> pending = tx.auth().registrationForUpdate(canonical);
      if (pending.isPresent() && now.isBefore(pending.get().sentAt().plus(config.resendCooldown()))) {
        return null; // within the cooldown the earlier code stays valid and nothing new is sent
      }
      Instant expires = now.plus(config.codeTtl());
      if (tx.users().findByEmail(canonical).isPresent()) {
        tx.auth().saveRegistration(new PendingRegistration(
            canonical, Optional.empty(), Optional.empty(), Optional.empty(), 0, now, expires));
        return new Notification.AccountAlreadyExists(canonical);
      }
      tx.auth().saveRegistration(new PendingRegistration(canonical, Optional.of(secrets.codeHash(code)),
          Optional.of(passwordHash), Optional.ofNullable(displayName), 0, now, expires));
      return new Notification.RegistrationCode(canonical, code);
    });
    if (toSend != null) {
      notifier.send(toSend);
    }
    log.debug("registration started: sent={}", toSend != null);
  }

  @Override
  public User confirmRegistration(String email, String code) {
    Email canonical = Email.of(email);
    if (code == null || !code.strip().matches("[0-9]{6}")) {
      throw new InvalidCodeException();
    }
    String codeHash = secrets.codeHash(code.strip());
    Instant now = now();
    Optional<User> created = stores.inTransaction(tx -> {
      Optional<PendingRegistration> found = tx.auth().registrationForUpdate(canonical);
      if (found.isEmpty()) {
        return Optional.<User>empty();
      }
      PendingRegistration pending = found.get();
      if (pending.codeHash().isEmpty() || !now.isBefore(pending.expiresAt())
          || pending.attempts() >= config.maxCodeAttempts()) {
        return Optional.<User>empty();
      }
      if (!Secrets.sameHash(pending.codeHash().get(), codeHash)) {
        tx.auth().saveRegistration(pending.withAttempts(pending.attempts() + 1)); // committed: the count must stick
        return Optional.<User>empty();
      }
      tx.auth().deleteRegistration(canonical);
      User user = claimLegacyOwner(tx, pending, now).orElseGet(() -> users.insertNew(tx,
          NewUser.email(canonical.value()).name(pending.name().orElse(null)).emailVerified(true), now, true));
      tx.auth().saveCredentials(StoredCredentials.of(user.id(), pending.passwordHash().orElseThrow(), now));
      return Optional.of(user);
    });
    User user = created.orElseThrow(InvalidCodeException::new);
    log.info("registration confirmed: user {}", user.id());
    return user;
  }

  /** The configured legacy owner takes the first confirmed registration if it has no email yet. */
  private Optional<User> claimLegacyOwner(StoreTransaction tx, PendingRegistration pending, Instant now) {
    if (config.legacyOwnerId().isEmpty()) {
      return Optional.empty();
    }
    UserId ownerId = config.legacyOwnerId().get();
    Optional<User> owner = tx.users().findByIdForUpdate(ownerId);
    if (owner.isEmpty() || owner.get().email().isPresent()) {
      return Optional.empty();
    }
    User current = owner.get();
    User.Builder claimed = current.toBuilder()
        .email(pending.email())
        .emailVerified(true)
        .passwordChangedAt(now)
        .updatedAt(now)
        .version(current.version() + 1);
    if (current.profile().name() == null && pending.name().isPresent()) {
      claimed.profile(current.profile().with(ProfileField.NAME, pending.name().get()));
    }
    User updated = claimed.build();
    write(tx, updated, current);
    log.info("registration attached to the legacy owner {}", ownerId);
    return Optional.of(updated);
  }

  @Override
  public User createUser(NewUser newUser, Password password) {
    Objects.requireNonNull(newUser, "newUser");
    checkNewPassword(password);
    String hash = hasher.hash(password);
    Instant now = now();
    return stores.inTransaction(tx -> {
      User user = users.insertNew(tx, newUser, now, true);
      tx.auth().saveCredentials(StoredCredentials.of(user.id(), hash, now));
      return user;
    });
  }

  @Override
  public void setPassword(UserId userId, Password password) {
    Objects.requireNonNull(userId, "userId");
    checkNewPassword(password);
    String hash = hasher.hash(password);
    Instant now = now();
    stores.inTransaction(tx -> {
      replacePassword(tx, userId, hash, now);
      return null;
    });
  }

  /**
   * Writes a user read with {@code findByIdForUpdate} in the same transaction. The row lock makes a
   * lost race impossible on a conforming store; a failure means the store broke its contract.
   */
  private static void write(StoreTransaction tx, User updated, User read) {
    if (!tx.users().update(updated, read.version())) {
      throw new ConcurrentUpdateException("user " + read.id() + " changed concurrently; try again");
    }
  }

  /** New hash, clean lockout, no sessions, no pending resets: what every password change means. */
  private User replacePassword(StoreTransaction tx, UserId userId, String hash, Instant now) {
    User user = tx.users().findByIdForUpdate(userId).orElseThrow(() -> new UserNotFoundException(userId));
    User updated = user.toBuilder().passwordChangedAt(now).updatedAt(now).version(user.version() + 1).build();
    write(tx, updated, user);
    tx.auth().saveCredentials(StoredCredentials.of(userId, hash, now));
    tx.auth().revokeSessionsOf(userId, now);
    tx.auth().deleteResetTokensOf(userId);
    return updated;
  }

  // -- login --------------------------------------------------------------------------------------

  @Override
  public Session login(String email, Password password) {
    return login(email, password, LoginContext.NONE);
  }

  @Override
  public Session login(String email, Password password, LoginContext context) {
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(context, "context");
    requireMode(AuthMode.PASSWORD);
    Email canonical;
    try {
      canonical = Email.of(email);
    } catch (ValidationException e) {
      throw new InvalidCredentialsException();
    }
    if (password.length() > MAX_PRESENTED_PASSWORD_LENGTH) {
      throw new InvalidCredentialsException(); // refused before hashing: a megabyte "password" costs nothing
    }
    Optional<StoredCredentials> stored = stores.inTransaction(tx -> tx.users().findByEmail(canonical)
        .flatMap(user -> tx.auth().credentials(user.id())));
    LoginResult result = checkPassword(stored, password, context);
    return finish(result);
  }

  /** Why a password check ended as it did; a session when it succeeded. */
  private record LoginResult(LoginOutcome outcome, Session session, Duration retryAfter) {}

  /**
   * Verifies the password against the stored hash (or a decoy of equal cost), then records the
   * outcome and updates the lockout under the credentials' row lock, so concurrent failures are
   * counted exactly. On success opens a session in the same transaction.
   */
  private LoginResult checkPassword(Optional<StoredCredentials> stored, Password password, LoginContext context) {
    if (stored.isEmpty()) {
      decoy.waste(password); // unknown emails cost the same hashing time as known ones
      Instant now = now();
      stores.inTransaction(tx -> {
        recordAttempt(tx, null, LoginOutcome.UNKNOWN_ACCOUNT, now, context);
        return null;
      });
      return new LoginResult(LoginOutcome.UNKNOWN_ACCOUNT, null, null);
    }
    StoredCredentials seen = stored.get();
    // Hashed even when locked: the time taken must not tell that the account is locked.
    boolean matches = hasher.matches(password, seen.passwordHash());
    String upgraded = matches && hasher.needsRehash(seen.passwordHash()) ? hasher.hash(password) : null;
    Instant now = now();
    UserId userId = seen.userId();
    return stores.inTransaction(tx -> {
      Optional<StoredCredentials> current = tx.auth().credentialsForUpdate(userId);
      if (current.isEmpty()) { // deleted meanwhile
        recordAttempt(tx, null, LoginOutcome.UNKNOWN_ACCOUNT, now, context);
        return new LoginResult(LoginOutcome.UNKNOWN_ACCOUNT, null, null);
      }
      StoredCredentials credentials = current.get();
      // A password changed between the check and now is judged against the new hash on the next try.
      boolean right = matches && credentials.passwordHash().equals(seen.passwordHash());
      if (!right || isLocked(credentials, now)) {
        return refuse(tx, credentials, now, context);
      }
      User user = tx.users().findByIdForUpdate(userId).orElseThrow(() -> new UserNotFoundException(userId));
      StoredCredentials cleared = Lockout.cleared(credentials, now);
      if (upgraded != null) {
        cleared = cleared.withPasswordHash(upgraded, now);
      }
      tx.auth().saveCredentials(cleared);
      if (user.status() != UserStatus.APPROVED) {
        LoginOutcome outcome = user.status() == UserStatus.PENDING ? LoginOutcome.PENDING : LoginOutcome.DISABLED;
        recordAttempt(tx, userId, outcome, now, context);
        return new LoginResult(outcome, null, null);
      }
      write(tx, user.toBuilder().lastLoginAt(now).version(user.version() + 1).build(), user);
      recordAttempt(tx, userId, LoginOutcome.SUCCESS, now, context);
      return new LoginResult(LoginOutcome.SUCCESS, openSession(tx, userId, now), null);
    });
  }

  private Session finish(LoginResult result) {
    switch (result.outcome()) {
      case SUCCESS:
        return result.session();
      case PENDING:
        throw new AccountPendingException();
      case DISABLED:
        throw new AccountDisabledException();
      case LOCKED:
        throw new InvalidCredentialsException(config.revealRetryAfter() ? result.retryAfter() : null);
      default:
        throw new InvalidCredentialsException();
    }
  }

  private void recordAttempt(StoreTransaction tx, UserId userId, LoginOutcome outcome, Instant now, LoginContext context) {
    tx.auth().recordAttempt(new LoginAttempt(ids.next(now), Optional.ofNullable(userId), outcome, now,
        context.clientAddress(), context.userAgent()));
  }

  /** A new session family with its first refresh token; the access token is signed after commit. */
  private Session openSession(StoreTransaction tx, UserId userId, Instant now) {
    UUID sessionId = ids.next(now);
    tx.auth().insertSession(new StoredSession(sessionId, userId, now, Optional.empty()));
    return issue(tx, userId, sessionId, now);
  }

  private Session issue(StoreTransaction tx, UserId userId, UUID sessionId, Instant now) {
    String refresh = secrets.newToken();
    Instant refreshExpires = now.plus(config.refreshTokenTtl());
    tx.auth().insertRefreshToken(new StoredRefreshToken(
        Secrets.tokenHash(refresh), sessionId, userId, now, refreshExpires, Optional.empty()));
    String access = tokens.mint(AccessTokens.ACCESS, userId.toString(), UUID.randomUUID().toString(), now,
        config.accessTokenTtl(), Map.of(SESSION_CLAIM, sessionId.toString()));
    return new Session(userId, access, now.plus(config.accessTokenTtl()).truncatedTo(ChronoUnit.SECONDS),
        refresh, refreshExpires);
  }

  // -- sessions -----------------------------------------------------------------------------------

  private enum RefreshOutcome { ISSUED, UNKNOWN, EXPIRED, ENDED, REUSED, PENDING, DISABLED }

  private record Refreshed(RefreshOutcome outcome, Session session) {}

  @Override
  public Session refresh(String refreshToken) {
    if (refreshToken == null || refreshToken.isBlank() || refreshToken.length() > MAX_OPAQUE_TOKEN_LENGTH) {
      throw new InvalidTokenException("refresh token unknown");
    }
    String hash = Secrets.tokenHash(refreshToken);
    Instant now = now();
    Refreshed refreshed = stores.inTransaction(tx -> {
      Optional<StoredRefreshToken> found = tx.auth().refreshTokenForUpdate(hash);
      if (found.isEmpty()) {
        return new Refreshed(RefreshOutcome.UNKNOWN, null);
      }
      StoredRefreshToken token = found.get();
      if (token.usedAt().isPresent() || !tx.auth().markRefreshTokenUsed(hash, now)) {
        // Used twice: one of the two presenters stole it. End the family for both.
        tx.auth().revokeSession(token.sessionId(), now);
        return new Refreshed(RefreshOutcome.REUSED, null);
      }
      if (!tx.auth().isSessionActive(token.sessionId())) {
        return new Refreshed(RefreshOutcome.ENDED, null);
      }
      if (!now.isBefore(token.expiresAt())) {
        return new Refreshed(RefreshOutcome.EXPIRED, null);
      }
      User user = tx.users().findById(token.userId()).orElse(null);
      if (user == null || user.status() == UserStatus.DISABLED) {
        return new Refreshed(RefreshOutcome.DISABLED, null);
      }
      if (user.status() == UserStatus.PENDING) {
        return new Refreshed(RefreshOutcome.PENDING, null);
      }
      return new Refreshed(RefreshOutcome.ISSUED, issue(tx, token.userId(), token.sessionId(), now));
    });
    switch (refreshed.outcome()) {
      case ISSUED:
        return refreshed.session();
      case REUSED:
        log.warn("a refresh token was presented twice: its session was revoked");
        throw new InvalidTokenException("refresh token already used; the session was revoked");
      case EXPIRED:
        throw new InvalidTokenException("refresh token expired");
      case ENDED:
        throw new InvalidTokenException("session ended");
      case PENDING:
        throw new AccountPendingException();
      case DISABLED:
        throw new AccountDisabledException();
      default:
        throw new InvalidTokenException("refresh token unknown");
    }
  }

  @Override
  public Principal authenticate(String token) {
    boolean blank = token == null || token.isBlank();
    if (config.accepts(AuthMode.NONE) && (blank || config.modes().size() == 1)) {
      return localUser();
    }
    if (blank) {
      throw new InvalidTokenException("no token");
    }
    boolean passwords = config.accepts(AuthMode.PASSWORD);
    if (authenticators.size() == 1 && !passwords) {
      // The only judge: no routing question to ask (it refuses tokens that are not its own).
      return admitted(authenticators.get(0).authenticate(token, users));
    }
    if (!authenticators.isEmpty() && !(passwords && tokens.isOurs(token))) {
      for (Authenticator authenticator : authenticators) {
        if (authenticator.handles(token)) {
          return admitted(authenticator.authenticate(token, users));
        }
      }
    }
    if (!passwords) {
      throw new InvalidTokenException("no authenticator accepts the token");
    }
    return authenticatePassword(token);
  }

  /** Another issuer vouched for the caller; the account's status is still ours to enforce. */
  private static Principal admitted(Principal principal) {
    requireActive(principal.user());
    return principal;
  }

  /** Whoever vouched for the token, a pending or disabled account is refused (a 403). */
  private static void requireActive(User user) {
    if (user.status() == UserStatus.PENDING) {
      throw new AccountPendingException();
    }
    if (user.status() == UserStatus.DISABLED) {
      throw new AccountDisabledException();
    }
  }

  private Principal authenticatePassword(String token) {
    AccessTokens.Claims claims = tokens.verify(token, AccessTokens.ACCESS, clock.instant());
    UserId userId = userIdOf(claims);
    UUID sessionId = AccessTokens.uuidClaim(claims, SESSION_CLAIM);
    // One store call, one statement: the user, its session and the token's revocation together.
    TokenCheck check = stores.read(tx -> tx.auth().checkToken(userId, sessionId, claims.jwtId()))
        .orElseThrow(() -> new InvalidTokenException("token user no longer exists"));
    User user = check.user();
    requireActive(user); // before revocation: a disabled user hears account_disabled
    if (check.tokenRevoked()) {
      throw new InvalidTokenException("token revoked");
    }
    if (!check.sessionActive()) {
      throw new InvalidTokenException("session ended");
    }
    return new Principal(users.withAdminFlag(user), AuthMode.PASSWORD, users.isAdmin(user),
        Optional.of(sessionId), Optional.of(claims.expiresAt()));
  }

  private static UserId userIdOf(AccessTokens.Claims claims) {
    try {
      return UserId.parse(claims.subject());
    } catch (ValidationException e) {
      throw new InvalidTokenException("token subject malformed");
    }
  }

  /** {@code NONE} mode: the configured local user, created (as an admin) on first use. */
  private Principal localUser() {
    Email email = config.noAuthEmail();
    User user = users.findByEmail(email.value()).orElseGet(() -> {
      try {
        User created = users.create(NewUser.email(email.value()).name("Local developer").admin(true).emailVerified(true)
            .status(UserStatus.APPROVED));
        log.warn("auth mode NONE: created the local user {} ({}); every call acts as this user", created.id(), email);
        return created;
      } catch (DuplicateEmailException raced) {
        return users.findByEmail(email.value()).orElseThrow(() -> raced);
      }
    });
    return new Principal(users.withAdminFlag(user), AuthMode.NONE, users.isAdmin(user), Optional.empty(), Optional.empty());
  }

  @Override
  public Principal requireAdmin(Principal principal) {
    Objects.requireNonNull(principal, "principal");
    if (!principal.admin()) {
      throw new ForbiddenException("admin rights required");
    }
    return principal;
  }

  @Override
  public void logout(String accessToken) {
    AccessTokens.Claims claims = tokens.verify(accessToken, AccessTokens.ACCESS, clock.instant());
    UUID sessionId = AccessTokens.uuidClaim(claims, SESSION_CLAIM);
    Instant now = now();
    stores.inTransaction(tx -> {
      tx.auth().revokeToken(claims.jwtId(), claims.expiresAt());
      tx.auth().revokeSession(sessionId, now);
      return null;
    });
  }

  @Override
  public void logoutEverywhere(UserId userId) {
    Objects.requireNonNull(userId, "userId");
    Instant now = now();
    int ended = stores.inTransaction(tx -> {
      if (tx.users().findById(userId).isEmpty()) {
        throw new UserNotFoundException(userId);
      }
      return tx.auth().revokeSessionsOf(userId, now);
    });
    log.info("user {} logged out everywhere: {} session(s) ended", userId, ended);
  }

  @Override
  public Session changePassword(UserId userId, Password current, Password next) {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(current, "current");
    checkNewPassword(next);
    if (current.length() > MAX_PRESENTED_PASSWORD_LENGTH) {
      throw new InvalidCredentialsException();
    }
    Optional<StoredCredentials> stored = stores.inTransaction(tx -> tx.auth().credentials(userId));
    if (stored.isEmpty()) {
      decoy.waste(current);
      throw new InvalidCredentialsException();
    }
    boolean matches = hasher.matches(current, stored.get().passwordHash());
    if (!matches || isLocked(stored.get(), now())) {
      finish(recordFailedCheck(userId, stored.get(), LoginContext.NONE));
    }
    String hash = hasher.hash(next);
    Instant now = now();
    return stores.inTransaction(tx -> {
      StoredCredentials locked = tx.auth().credentialsForUpdate(userId).orElseThrow(InvalidCredentialsException::new);
      if (!locked.passwordHash().equals(stored.get().passwordHash())) {
        throw new InvalidCredentialsException(); // changed concurrently: the current password is no longer current
      }
      replacePassword(tx, userId, hash, now);
      return openSession(tx, userId, now);
    });
  }

  /** A failed check outside login (a password change) counts towards the lockout like a failed login. */
  private LoginResult recordFailedCheck(UserId userId, StoredCredentials seen, LoginContext context) {
    Instant now = now();
    return stores.inTransaction(tx -> refuse(tx, tx.auth().credentialsForUpdate(userId).orElse(seen), now, context));
  }

  private static boolean isLocked(StoredCredentials credentials, Instant now) {
    return credentials.lockedUntil().map(now::isBefore).orElse(false);
  }

  /**
   * Records a refused check under the credentials' row lock: a locked account only logs the attempt;
   * otherwise the failure counts towards the lockout.
   */
  private LoginResult refuse(StoreTransaction tx, StoredCredentials credentials, Instant now, LoginContext context) {
    UserId userId = credentials.userId();
    if (isLocked(credentials, now)) {
      recordAttempt(tx, userId, LoginOutcome.LOCKED, now, context);
      return new LoginResult(LoginOutcome.LOCKED, null, Duration.between(now, credentials.lockedUntil().get()));
    }
    StoredCredentials failed = Lockout.recordFailure(credentials, now, config);
    tx.auth().saveCredentials(failed);
    recordAttempt(tx, userId, LoginOutcome.WRONG_PASSWORD, now, context);
    if (failed.lockouts() > credentials.lockouts()) {
      log.warn("account {} locked until {} after {} failed logins", userId, failed.lockedUntil().get(),
          config.maxFailedLogins());
    }
    return new LoginResult(LoginOutcome.WRONG_PASSWORD, null, null);
  }

  // -- password reset -----------------------------------------------------------------------------

  @Override
  public void requestPasswordReset(String email) {
    requireNotifier();
    String template = config.resetLinkTemplate().orElseThrow(() -> new ConfigurationException(
        "password reset needs a link template: set " + AuthConfig.RESET_LINK_TEMPLATE));
    Email canonical = Email.of(email);
    String token = secrets.newToken();
    Instant now = now();
    boolean sent = stores.inTransaction(tx -> {
      Optional<User> user = tx.users().findByEmail(canonical);
      if (user.isEmpty() || !AuthProvider.PASSWORD.equals(user.get().authProvider())
          || user.get().status() == UserStatus.DISABLED) {
        return false;
      }
      tx.auth().insertResetToken(new StoredResetToken(
          Secrets.tokenHash(token), user.get().id(), now, now.plus(config.resetTokenTtl())));
      return true;
    });
    if (sent) {
      String link = template.replace("{token}", URLEncoder.encode(token, StandardCharsets.UTF_8));
      notifier.send(new Notification.PasswordResetLink(canonical, link));
    }
    log.debug("password reset requested");
  }

  @Override
  public void resetPassword(String token, Password newPassword) {
    checkNewPassword(newPassword);
    if (token == null || token.isBlank() || token.length() > MAX_OPAQUE_TOKEN_LENGTH) {
      throw new InvalidTokenException("reset token unknown");
    }
    String tokenHash = Secrets.tokenHash(token.strip());
    // Checked before hashing so that junk tokens cost no hashing; checked again under the row lock.
    if (usableResetToken(tokenHash, now()).isEmpty()) {
      throw new InvalidTokenException("reset token unknown, used or expired");
    }
    String hash = hasher.hash(newPassword);
    Instant now = now();
    Optional<UserId> reset = stores.inTransaction(tx -> {
      Optional<StoredResetToken> found = tx.auth().resetTokenForUpdate(tokenHash)
          .filter(t -> now.isBefore(t.expiresAt()));
      if (found.isEmpty()) {
        return Optional.<UserId>empty();
      }
      UserId userId = found.get().userId();
      replacePassword(tx, userId, hash, now); // also deletes this token and the user's others
      return Optional.of(userId);
    });
    UserId userId = reset.orElseThrow(() -> new InvalidTokenException("reset token unknown, used or expired"));
    log.info("password of user {} reset; all sessions ended", userId);
  }

  private Optional<StoredResetToken> usableResetToken(String tokenHash, Instant now) {
    return stores.inTransaction(tx -> tx.auth().resetTokenForUpdate(tokenHash)).filter(t -> now.isBefore(t.expiresAt()));
  }

  // -- administration -----------------------------------------------------------------------------

  @Override
  public List<LoginAttempt> loginAttempts(UserId userId, int limit) {
    Objects.requireNonNull(userId, "userId");
    if (limit < 1 || limit > MAX_ATTEMPTS_LISTED) {
      throw new ValidationException("limit", "limit must be between 1 and " + MAX_ATTEMPTS_LISTED + ", was " + limit);
    }
    return stores.inTransaction(tx -> tx.auth().attempts(userId, limit));
  }

  @Override
  public void unlock(UserId userId) {
    Objects.requireNonNull(userId, "userId");
    Instant now = now();
    stores.inTransaction(tx -> {
      tx.auth().credentialsForUpdate(userId)
          .ifPresent(credentials -> tx.auth().saveCredentials(Lockout.cleared(credentials, now)));
      return null;
    });
  }

  @Override
  public int purgeExpired() {
    Instant now = now();
    return stores.inTransaction(tx -> tx.auth().purgeExpired(now, now.minus(config.attemptRetention())));
  }

  @Override
  public AppPassword appPassword() {
    return appPassword;
  }

  // -- helpers ------------------------------------------------------------------------------------

  void checkNewPassword(Password password) {
    Objects.requireNonNull(password, "password");
    policy.check(password);
  }

  private void requireNotifier() {
    if (notifier == Notifier.none()) {
      throw new ConfigurationException("this flow sends a message: pass a Notifier to UserClient.builder().notifier(...)");
    }
  }

  private void requireMode(AuthMode mode) {
    if (!config.accepts(mode)) {
      throw new ConfigurationException("auth mode " + mode + " is not enabled (modes: " + config.modes() + ")");
    }
  }

  /** Timestamps are kept to the microsecond: the finest precision all supported databases store. */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
