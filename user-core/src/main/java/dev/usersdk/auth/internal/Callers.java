package dev.usersdk.auth.internal;

import dev.usersdk.ConfigurationException;
import dev.usersdk.ForbiddenException;
import dev.usersdk.ValidationException;
import dev.usersdk.auth.AccountDisabledException;
import dev.usersdk.auth.AccountPendingException;
import dev.usersdk.auth.Assurance;
import dev.usersdk.auth.AuthConfig;
import dev.usersdk.auth.AuthMode;
import dev.usersdk.auth.Authenticator;
import dev.usersdk.auth.InvalidTokenException;
import dev.usersdk.auth.Principal;
import dev.usersdk.auth.SecondFactorRequiredException;
import dev.usersdk.auth.VerifiedIdentity;
import dev.usersdk.spi.Stores;
import dev.usersdk.spi.TokenCheck;
import dev.usersdk.user.DuplicateEmailException;
import dev.usersdk.user.Email;
import dev.usersdk.user.NewUser;
import dev.usersdk.user.Permissions;
import dev.usersdk.user.User;
import dev.usersdk.user.UserId;
import dev.usersdk.user.UserStatus;
import dev.usersdk.user.Users;
import dev.usersdk.user.internal.Privileges;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Who is calling": routes a token to whoever can verify it (usersdk's own tokens, another issuer's
 * {@link Authenticator}, or nobody in {@code NONE} mode), resolves the user, enforces its status
 * and builds the {@link Principal} — the only place one is built.
 */
final class Callers {
  private static final Logger log = LoggerFactory.getLogger(Callers.class);

  private final AuthConfig config;
  private final AccessTokens tokens;
  private final Stores stores;
  private final Clock clock;
  private final Users users;
  private final Privileges privileges;
  private final List<Authenticator> authenticators;

  Callers(
      AuthConfig config,
      AccessTokens tokens,
      Stores stores,
      Clock clock,
      Users users,
      Privileges privileges,
      List<Authenticator> authenticators) {
    this.config = config;
    this.tokens = tokens;
    this.stores = stores;
    this.clock = clock;
    this.users = users;
    this.privileges = privileges;
    this.authenticators = List.copyOf(authenticators);
  }

  AuthMode mode() {
    return config.primaryMode();
  }

  List<AuthMode> modes() {
    return config.modes();
  }

  void requireMode(AuthMode mode) {
    if (!config.accepts(mode)) {
      throw new ConfigurationException(
          "auth mode " + mode + " is not enabled (modes: " + config.modes() + ")");
    }
  }

  Principal authenticate(String token) {
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
      return external(authenticators.get(0), token);
    }
    if (!authenticators.isEmpty() && !(passwords && tokens.isOurs(token))) {
      for (Authenticator authenticator : authenticators) {
        if (authenticator.handles(token)) {
          return external(authenticator, token);
        }
      }
    }
    if (!passwords) {
      throw new InvalidTokenException("no authenticator accepts the token");
    }
    return ours(token);
  }

  /** Who may do what, for flows that check a principal's act in their own transaction. */
  Privileges privileges() {
    return privileges;
  }

  String publicKeys() {
    return tokens.publicKeysJson();
  }

  /**
   * With {@code requiredForAdmins}, an admin signed in with usersdk's own tokens acts as one only
   * from a session that proved a second factor; other issuers enforce their own policies.
   */
  Principal requireAdmin(Principal principal) {
    Objects.requireNonNull(principal, "principal");
    if (!principal.admin()) {
      throw new ForbiddenException("admin rights required");
    }
    requireSecondFactorIfAdminsMust(principal);
    return principal;
  }

  private void requireSecondFactorIfAdminsMust(Principal principal) {
    if (config.mfa().requiredForAdmins()
        && principal.mode() == AuthMode.PASSWORD
        && principal.assurance() != Assurance.TWO_FACTORS) {
      throw new SecondFactorRequiredException(
          "privileged acts require a session that proved a second factor");
    }
  }

  /**
   * A role (or, for the host's own permissions, another issuer's claim) that grants {@code
   * permission}, or being an admin. With {@code requiredForAdmins}, usersdk's own privileged
   * permissions need a session that proved a second factor however they are held, and an admin
   * acting as one needs it for any permission.
   */
  Principal requirePermission(Principal principal, String permission) {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(permission, "permission");
    boolean byRole = Privileges.includes(principal.permissions(), permission);
    if (!byRole && !principal.admin()) {
      throw new ForbiddenException("permission required: " + permission);
    }
    if (!byRole || Permissions.isBuiltIn(permission)) {
      requireSecondFactorIfAdminsMust(principal);
    }
    return principal;
  }

  /**
   * The principal, if its session proved a second factor within {@code maxAge}.
   *
   * @throws SecondFactorRequiredException otherwise: step up first
   */
  Principal requireRecentSecondFactor(Principal principal, Duration maxAge) {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(maxAge, "maxAge");
    if (maxAge.isNegative()) {
      throw new ValidationException("maxAge", "maxAge must not be negative");
    }
    Optional<Instant> at = principal.secondFactorAt();
    if (at.isEmpty() || at.get().plus(maxAge).isBefore(clock.instant())) {
      throw new SecondFactorRequiredException(
          "this action requires a second factor proved within " + maxAge);
    }
    return principal;
  }

  /**
   * Another issuer vouched for the caller; the user and its status are ours to resolve and enforce.
   */
  private Principal external(Authenticator authenticator, String token) {
    VerifiedIdentity verified = authenticator.verify(token);
    User user = users.resolveExternal(verified.identity(), authenticator.accountPolicy());
    requireActive(user);
    Set<String> stored = storedRoles(user.id());
    Set<String> roles = new LinkedHashSet<>(stored);
    roles.addAll(verified.roles());
    Set<String> permissions = new LinkedHashSet<>(privileges.permissionsOf(stored));
    // The issuer's claims bring the host's own permissions only: usersdk's privileged acts are
    // decided by what usersdk stores (roles granted in it, the admin flag), not by another tenant.
    Set<String> claimed = new LinkedHashSet<>(privileges.permissionsOf(verified.roles()));
    claimed.addAll(verified.permissions());
    claimed.removeIf(Permissions::isBuiltIn);
    permissions.addAll(claimed);
    User withFlag = users.withAdminFlag(user);
    return new Principal(
        withFlag,
        authenticator.mode(),
        withFlag.admin(),
        Optional.empty(),
        Optional.of(verified.expiresAt()),
        verified.claims(),
        Optional.empty(),
        roles,
        permissions);
  }

  /** The roles granted in usersdk: one more read, and only when the host configured roles. */
  private Set<String> storedRoles(UserId user) {
    return privileges.defined().isEmpty()
        ? Set.of()
        : stores.read(tx -> privileges.rolesOf(tx, user));
  }

  private Principal ours(String token) {
    AccessTokens.Claims claims = tokens.verify(token, AccessTokens.ACCESS, clock.instant());
    UserId userId = userIdOf(claims);
    UUID sessionId = SessionIssuer.sessionOf(claims);
    // One store call: the user, its session and the token's revocation in one statement, then
    // (only when the host configured roles) the user's roles, so a revoked role stops at once.
    Checked checked =
        stores
            .read(
                tx ->
                    tx.auth()
                        .checkToken(userId, sessionId, claims.jwtId())
                        .map(check -> new Checked(check, privileges.rolesOf(tx, userId))))
            .orElseThrow(() -> new InvalidTokenException("token user no longer exists"));
    TokenCheck check = checked.check();
    User user = check.user();
    requireActive(user); // before revocation: a disabled user hears account_disabled
    if (check.tokenRevoked()) {
      throw new InvalidTokenException("token revoked");
    }
    if (!check.sessionActive()) {
      throw new InvalidTokenException("session ended");
    }
    User withFlag = users.withAdminFlag(user);
    return new Principal(
        withFlag,
        AuthMode.PASSWORD,
        withFlag.admin(),
        Optional.of(sessionId),
        Optional.of(claims.expiresAt()),
        Map.of(),
        SessionIssuer.secondFactorOf(claims),
        checked.roles(),
        privileges.permissionsOf(checked.roles()));
  }

  /** What the store said of a token, and the user's roles read with it. */
  private record Checked(TokenCheck check, Set<String> roles) {}

  /** {@code NONE} mode: the configured local user, created (as an admin) on first use. */
  private Principal localUser() {
    Email email = config.noAuthEmail();
    User user =
        users
            .findByEmail(email.value())
            .orElseGet(
                () -> {
                  try {
                    User created =
                        users.create(
                            NewUser.email(email.value())
                                .name("Local developer")
                                .admin(true)
                                .emailVerified(true)
                                .status(UserStatus.APPROVED));
                    log.warn(
                        "auth mode NONE: created the local user {} ({}); every call acts as this user",
                        created.id(),
                        email);
                    return created;
                  } catch (DuplicateEmailException raced) {
                    return users.findByEmail(email.value()).orElseThrow(() -> raced);
                  }
                });
    User withFlag = users.withAdminFlag(user);
    Set<String> roles = storedRoles(user.id());
    return new Principal(
        withFlag,
        AuthMode.NONE,
        withFlag.admin(),
        Optional.empty(),
        Optional.empty(),
        Map.of(),
        Optional.empty(),
        roles,
        privileges.permissionsOf(roles));
  }

  /** Whoever vouched for the token, a pending or disabled account is refused (a 403). */
  static void requireActive(User user) {
    if (user.status() == UserStatus.PENDING) {
      throw new AccountPendingException();
    }
    if (user.status() == UserStatus.DISABLED) {
      throw new AccountDisabledException();
    }
  }

  private static UserId userIdOf(AccessTokens.Claims claims) {
    try {
      return UserId.parse(claims.subject());
    } catch (ValidationException e) {
      throw new InvalidTokenException("token subject malformed");
    }
  }
}
