package dev.usersdk.auth.internal;

import dev.usersdk.audit.AuditAction;
import dev.usersdk.audit.internal.Audits;
import dev.usersdk.auth.AppPassword;
import dev.usersdk.auth.Auth;
import dev.usersdk.auth.AuthConfig;
import dev.usersdk.auth.AuthMode;
import dev.usersdk.auth.Authenticator;
import dev.usersdk.auth.EmailAddresses;
import dev.usersdk.auth.ImportResult;
import dev.usersdk.auth.ImportedUser;
import dev.usersdk.auth.InvalidTokenException;
import dev.usersdk.auth.LoginAttempt;
import dev.usersdk.auth.LoginContext;
import dev.usersdk.auth.Notifier;
import dev.usersdk.auth.Principal;
import dev.usersdk.auth.SecondFactorRequiredException;
import dev.usersdk.auth.SecondFactors;
import dev.usersdk.auth.Session;
import dev.usersdk.auth.SessionInfo;
import dev.usersdk.auth.SignIn;
import dev.usersdk.auth.password.Password;
import dev.usersdk.auth.password.PasswordHasher;
import dev.usersdk.auth.password.PasswordPolicy;
import dev.usersdk.internal.Observing;
import dev.usersdk.internal.UuidV7;
import dev.usersdk.observe.Observer;
import dev.usersdk.observe.Operation;
import dev.usersdk.spi.Stores;
import dev.usersdk.user.NewUser;
import dev.usersdk.user.Permissions;
import dev.usersdk.user.User;
import dev.usersdk.user.UserId;
import dev.usersdk.user.Users;
import dev.usersdk.user.internal.NewUsers;
import dev.usersdk.user.internal.Privileges;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The implementation of {@link Auth}: each call goes to the collaborator that owns the flow. Not
 * API: reach it through {@code UserClient.auth()}.
 */
public final class AuthService implements Auth {
  private final Callers callers;
  private final Registrations registrations;
  private final Logins logins;
  private final Lockouts lockouts;
  private final Observer observer;
  private final Audits audits;
  private final Privileges privileges;
  private final Sessions sessions;
  private final PasswordResets resets;
  private final PasswordAccounts accounts;
  private final AppPassword appPassword;
  private final Imports imports;
  private final SecondFactorService secondFactors;
  private final SecondSteps secondSteps;
  private final EmailAddressService emails;
  private final PasswordlessSignIns passwordless;

  private AuthService(Wiring w) {
    AuthConfig config = w.config;
    byte[] secret = config.jwtSecret().orElseThrow();
    AccessTokens tokens =
        config
            .signingKeys()
            .map(keys -> AccessTokens.es256(keys, config.tokens()))
            .orElseGet(
                () -> new AccessTokens(secret, config.previousJwtSecrets(), config.tokens()));
    Secrets secrets = new Secrets(w.random, secret, config.previousJwtSecrets());
    Passwords passwords = new Passwords(w.hasher, w.policy);
    SessionIssuer issuer = new SessionIssuer(tokens, secrets, config.tokens(), w.ids);
    this.accounts =
        new PasswordAccounts(
            w.stores, w.clock, w.newUsers, passwords, config.registration().legacyOwnerId());
    this.observer = w.observer;
    this.audits = w.audits;
    this.privileges = w.privileges;
    this.lockouts = new Lockouts(w.stores, config.lockout(), w.clock, w.ids, w.observer);
    this.callers =
        new Callers(config, tokens, w.stores, w.clock, w.users, w.privileges, w.authenticators);
    this.registrations =
        new Registrations(w.stores, config.registration(), w.clock, secrets, w.notifier, accounts);
    List<byte[]> mfaKeys = config.mfaKeys();
    this.secondFactors =
        new SecondFactorService(
            w.stores,
            w.clock,
            secrets,
            config.mfa(),
            callers,
            mfaKeys.isEmpty() ? null : new SecretBox(mfaKeys),
            audits);
    this.secondSteps =
        new SecondSteps(w.stores, w.clock, secrets, config.mfa(), secondFactors, issuer, lockouts);
    this.logins = new Logins(w.stores, w.clock, passwords, lockouts, issuer, accounts, secondSteps);
    EmailCodes emailCodes = new EmailCodes(secrets, config.emailCodes());
    this.emails =
        new EmailAddressService(w.stores, w.clock, emailCodes, w.notifier, logins, callers);
    this.passwordless =
        new PasswordlessSignIns(
            w.stores, w.clock, emailCodes, w.notifier, w.newUsers, secondSteps, lockouts);
    this.sessions =
        new Sessions(w.stores, w.clock, tokens, issuer, config.lockout().attemptRetention());
    this.resets =
        new PasswordResets(w.stores, config.reset(), w.clock, secrets, w.notifier, accounts);
    this.imports = new Imports(w.stores, w.clock, w.newUsers, passwords);
    this.appPassword =
        new AppPasswordService(
            w.stores, config.tokens().appTokenTtl(), w.clock, passwords, tokens, lockouts, callers);
  }

  /** Names every part of the auth implementation, so none is passed in the wrong place. */
  public static Wiring wiring() {
    return new Wiring();
  }

  @Override
  public AuthMode mode() {
    return callers.mode();
  }

  @Override
  public List<AuthMode> modes() {
    return callers.modes();
  }

  @Override
  public void register(String email, Password password, @Nullable String name) {
    Observing.observe(
        observer,
        Operation.REGISTRATION_REQUEST,
        () -> {
          callers.requireMode(
              AuthMode.PASSWORD); // a password user who could never log in is no user
          registrations.register(email, password, name);
        });
  }

  @Override
  public User confirmRegistration(String email, String code) {
    return Observing.observe(
        observer,
        Operation.REGISTRATION_CONFIRM,
        () -> {
          callers.requireMode(AuthMode.PASSWORD);
          return registrations.confirm(email, code);
        });
  }

  @Override
  public User createUser(NewUser newUser, Password password) {
    return accounts.create(newUser, password);
  }

  @Override
  public ImportResult importUser(ImportedUser user) {
    return imports.importOne(user);
  }

  @Override
  public List<ImportResult> importUsers(List<ImportedUser> users) {
    return imports.importAll(users);
  }

  @Override
  public void setPassword(UserId userId, Password password) {
    accounts.setPassword(userId, password);
  }

  @Override
  public Session login(String email, Password password) {
    return login(email, password, LoginContext.NONE);
  }

  @Override
  public Session login(String email, Password password, LoginContext context) {
    SignIn signIn = signIn(email, password, context);
    if (signIn instanceof SignIn.SecondFactorRequired challenge) {
      throw new SecondFactorRequiredException(challenge);
    }
    return ((SignIn.Complete) signIn).session();
  }

  @Override
  public SignIn signIn(String email, Password password, LoginContext context) {
    return Observing.observe(
        observer,
        Operation.LOGIN,
        () -> {
          Objects.requireNonNull(password, "password");
          Objects.requireNonNull(context, "context");
          callers.requireMode(AuthMode.PASSWORD);
          return logins.signIn(email, password, context);
        },
        signIn -> signIn instanceof SignIn.Complete ? "ok" : "second_factor_required");
  }

  @Override
  public Session completeSignIn(String challenge, String code, LoginContext context) {
    callers.requireMode(AuthMode.PASSWORD);
    return secondSteps.complete(challenge, code, context);
  }

  @Override
  public Session stepUp(Principal caller, String code) {
    return secondSteps.stepUp(caller, code);
  }

  @Override
  public Principal requireRecentSecondFactor(Principal principal, Duration maxAge) {
    return callers.requireRecentSecondFactor(principal, maxAge);
  }

  @Override
  public SecondFactors secondFactors() {
    return secondFactors;
  }

  @Override
  public EmailAddresses emails() {
    return emails;
  }

  @Override
  public void requestSignInCode(String email) {
    callers.requireMode(AuthMode.PASSWORD); // its sessions are usersdk's own
    passwordless.request(email);
  }

  @Override
  public SignIn signInWithCode(String email, String code, LoginContext context) {
    callers.requireMode(AuthMode.PASSWORD);
    return passwordless.withCode(email, code, context);
  }

  @Override
  public SignIn signInWithLink(String token, LoginContext context) {
    callers.requireMode(AuthMode.PASSWORD);
    return passwordless.withLink(token, context);
  }

  @Override
  public Session refresh(String refreshToken) {
    return Observing.observe(observer, Operation.REFRESH, () -> sessions.refresh(refreshToken));
  }

  @Override
  public Principal authenticate(String token) {
    return Observing.observe(observer, Operation.AUTHENTICATE, () -> callers.authenticate(token));
  }

  @Override
  public String publicKeys() {
    return callers.publicKeys();
  }

  @Override
  public Principal requireAdmin(Principal principal) {
    return callers.requireAdmin(principal);
  }

  @Override
  public Principal requirePermission(Principal principal, String permission) {
    return callers.requirePermission(principal, permission);
  }

  @Override
  public void logout(String accessToken) {
    sessions.logout(accessToken);
  }

  @Override
  public void logoutRefreshToken(String refreshToken) {
    sessions.logoutRefreshToken(refreshToken);
  }

  @Override
  public List<SessionInfo> sessions(Principal caller) {
    Objects.requireNonNull(caller, "caller");
    return sessions.list(caller.userId(), caller.sessionId().orElse(null));
  }

  @Override
  public List<SessionInfo> sessionsOf(UserId userId) {
    return sessions.list(userId, null);
  }

  @Override
  public int endOtherSessions(Principal caller) {
    Objects.requireNonNull(caller, "caller");
    UUID current =
        caller
            .sessionId()
            .orElseThrow(
                () -> new InvalidTokenException("the caller has no usersdk session to keep"));
    return sessions.endOthers(caller.userId(), current);
  }

  @Override
  public boolean endSession(UserId userId, UUID sessionId) {
    return sessions.endSession(userId, sessionId);
  }

  @Override
  public void logoutEverywhere(UserId userId) {
    sessions.logoutEverywhere(userId);
  }

  @Override
  public void logoutEverywhere(UserId userId, Principal admin) {
    callers.requirePermission(admin, Permissions.SESSIONS_REVOKE);
    sessions.logoutEverywhere(
        userId,
        (tx, now, ended) -> {
          privileges.requireOver(tx, admin.admin(), userId);
          if (ended > 0) { // nothing ended, nothing done: not recorded
            audits.record(
                tx,
                admin.userId(),
                userId,
                AuditAction.FORCED_LOGOUT,
                Map.of("sessions", String.valueOf(ended)),
                now);
          }
        });
  }

  @Override
  public void logoutEverywhere(UserId userId, UserId actor) {
    Objects.requireNonNull(actor, "actor");
    sessions.logoutEverywhere(
        userId,
        (tx, now, ended) -> {
          // In the same transaction: a refused actor ends nothing.
          privileges.requireAfterOtherLocks(
              tx, actor, userId, Permissions.SESSIONS_REVOKE, "end another user's sessions");
          if (ended > 0) {
            audits.record(
                tx,
                actor,
                userId,
                AuditAction.FORCED_LOGOUT,
                Map.of("sessions", String.valueOf(ended)),
                now);
          }
        });
  }

  @Override
  public Session changePassword(UserId userId, Password current, Password next) {
    return logins.changePassword(userId, current, next);
  }

  @Override
  public void requestPasswordReset(String email) {
    Observing.observe(observer, Operation.PASSWORD_RESET_REQUEST, () -> resets.request(email));
  }

  @Override
  public void resetPassword(String token, Password newPassword) {
    Observing.observe(observer, Operation.PASSWORD_RESET, () -> resets.reset(token, newPassword));
  }

  @Override
  public List<LoginAttempt> loginAttempts(UserId userId, int limit) {
    return lockouts.attempts(userId, limit);
  }

  @Override
  public void unlock(UserId userId) {
    lockouts.unlock(userId);
  }

  @Override
  public int purgeExpired() {
    return sessions.purgeExpired();
  }

  @Override
  public AppPassword appPassword() {
    return appPassword;
  }

  /** The parts an {@link AuthService} is made of; every one is required. */
  public static final class Wiring {
    private Stores stores;
    private AuthConfig config;
    private Clock clock;
    private UuidV7 ids;
    private Users users;
    private NewUsers newUsers;
    private PasswordHasher hasher;
    private PasswordPolicy policy;
    private Notifier notifier;
    private Random random;
    private List<Authenticator> authenticators = List.of();
    private Observer observer = Observer.none();
    private Audits audits;
    private Privileges privileges;

    private Wiring() {}

    public Wiring stores(Stores stores) {
      this.stores = stores;
      return this;
    }

    /** With its JWT secret set (the client checks it, or generates one in development). */
    public Wiring config(AuthConfig config) {
      this.config = config;
      return this;
    }

    public Wiring clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public Wiring ids(UuidV7 ids) {
      this.ids = ids;
      return this;
    }

    /** The user API (to resolve other issuers' users) and the writer of new users. */
    public Wiring users(Users users, NewUsers newUsers) {
      this.users = users;
      this.newUsers = newUsers;
      return this;
    }

    /** The hasher (already bounded) and the policy for new passwords. */
    public Wiring passwords(PasswordHasher hasher, PasswordPolicy policy) {
      this.hasher = hasher;
      this.policy = policy;
      return this;
    }

    public Wiring notifier(Notifier notifier) {
      this.notifier = notifier;
      return this;
    }

    /** The source of tokens and codes: a {@code SecureRandom} outside tests. */
    public Wiring random(Random random) {
      this.random = random;
      return this;
    }

    public Wiring authenticators(List<Authenticator> authenticators) {
      this.authenticators = List.copyOf(authenticators);
      return this;
    }

    /** Told how logins, authentications, registrations and resets end; none by default. */
    public Wiring observer(Observer observer) {
      this.observer = Objects.requireNonNull(observer, "observer");
      return this;
    }

    /** Where admins' forced logouts and second-factor resets are recorded. */
    public Wiring audits(Audits audits) {
      this.audits = audits;
      return this;
    }

    /** Who may do what: the principals' roles and permissions, and admins' acts. */
    public Wiring privileges(Privileges privileges) {
      this.privileges = privileges;
      return this;
    }

    public AuthService build() {
      Objects.requireNonNull(stores, "stores");
      Objects.requireNonNull(config, "config");
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(ids, "ids");
      Objects.requireNonNull(users, "users");
      Objects.requireNonNull(newUsers, "newUsers");
      Objects.requireNonNull(hasher, "hasher");
      Objects.requireNonNull(policy, "policy");
      Objects.requireNonNull(notifier, "notifier");
      Objects.requireNonNull(random, "random");
      Objects.requireNonNull(audits, "audits");
      Objects.requireNonNull(privileges, "privileges");
      return new AuthService(this);
    }
  }
}
