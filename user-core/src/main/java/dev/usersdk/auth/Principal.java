package dev.usersdk.auth;

import dev.usersdk.ForbiddenException;
import dev.usersdk.user.AuthProvider;
import dev.usersdk.user.Permissions;
import dev.usersdk.user.User;
import dev.usersdk.user.UserId;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * An authenticated caller: what {@link Auth#authenticate(String)} returns for a valid token (the
 * "get current user" of a host). The client builds every principal, for every mode, in one place.
 *
 * @param user the user as stored when the token was checked, with {@link User#admin()} showing
 *     whether the user is an admin (stored flag or configured admin id)
 * @param mode how the caller authenticated
 * @param admin whether the user is an admin: always {@code user.admin()}
 * @param sessionId the usersdk session the token belongs to; empty for other issuers and {@code
 *     NONE}
 * @param expiresAt when the token expires; empty for {@code NONE}
 * @param claims the token's claims for the host (roles, permissions, scope) when another issuer
 *     signed it; empty for usersdk's own tokens
 * @param secondFactorAt when the caller's session last proved a second factor (at sign-in or a
 *     step-up); empty if it did not, and for other issuers (whose claims say how they signed in)
 * @param roles the user's roles: those granted in usersdk ({@code client.roles()}), read with the
 *     token's check, and for another issuer's token also the roles its claims carry
 * @param permissions what the roles permit (the configured roles' permissions, and another issuer's
 *     permissions claim); an admin holds every permission whatever this says
 */
public record Principal(
    User user,
    AuthMode mode,
    boolean admin,
    Optional<UUID> sessionId,
    Optional<Instant> expiresAt,
    Map<String, Object> claims,
    Optional<Instant> secondFactorAt,
    Set<String> roles,
    Set<String> permissions) {
  public Principal {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (admin != user.admin()) {
      throw new IllegalArgumentException(
          "admin must equal user.admin(): pass the user with its admin flag applied");
    }
    claims = Collections.unmodifiableMap(new LinkedHashMap<>(claims));
    Objects.requireNonNull(secondFactorAt, "secondFactorAt");
    roles = Collections.unmodifiableSet(new LinkedHashSet<>(roles));
    permissions = Collections.unmodifiableSet(new LinkedHashSet<>(permissions));
  }

  /** A principal without roles or permissions beyond an admin's. */
  public Principal(
      User user,
      AuthMode mode,
      boolean admin,
      Optional<UUID> sessionId,
      Optional<Instant> expiresAt,
      Map<String, Object> claims,
      Optional<Instant> secondFactorAt) {
    this(user, mode, admin, sessionId, expiresAt, claims, secondFactorAt, Set.of(), Set.of());
  }

  /** A principal whose session proved no second factor. */
  public Principal(
      User user,
      AuthMode mode,
      boolean admin,
      Optional<UUID> sessionId,
      Optional<Instant> expiresAt,
      Map<String, Object> claims) {
    this(user, mode, admin, sessionId, expiresAt, claims, Optional.empty());
  }

  /** A principal without claims. */
  public Principal(
      User user,
      AuthMode mode,
      boolean admin,
      Optional<UUID> sessionId,
      Optional<Instant> expiresAt) {
    this(user, mode, admin, sessionId, expiresAt, Map.of(), Optional.empty());
  }

  /**
   * Whether the user holds the role: granted in usersdk, or named in another issuer's roles claim.
   * A role's name is only a name; authorize with {@link #hasPermission}.
   */
  public boolean hasRole(String role) {
    return roles.contains(role);
  }

  /**
   * Whether the caller may do what {@code permission} names: an admin may do anything, others what
   * their roles (or another issuer's permissions claim) permit.
   */
  public boolean hasPermission(String permission) {
    Objects.requireNonNull(permission, "permission");
    return admin || permissions.contains(Permissions.ALL) || permissions.contains(permission);
  }

  /**
   * This principal, if it {@linkplain #hasPermission holds} {@code permission}. Without the
   * second-factor rule for privileged acts: {@code auth().requirePermission(principal, permission)}
   * adds it.
   *
   * @throws ForbiddenException otherwise (naming the permission, a 403)
   */
  public Principal requirePermission(String permission) {
    if (!hasPermission(permission)) {
      throw new ForbiddenException("permission required: " + permission);
    }
    return this;
  }

  /** Two factors if the session proved a second one, else one. */
  public Assurance assurance() {
    return secondFactorAt.isPresent() ? Assurance.TWO_FACTORS : Assurance.ONE_FACTOR;
  }

  public UserId userId() {
    return user.id();
  }

  /** Who vouches for the user's identity: a charge policy may bill only some providers. */
  public AuthProvider provider() {
    return user.authProvider();
  }

  /** Names the claims, not their values: they may hold personal data. */
  @Override
  public String toString() {
    return "Principal[user="
        + user.id()
        + ", mode="
        + mode
        + ", admin="
        + admin
        + ", sessionId="
        + sessionId.map(UUID::toString).orElse("none")
        + ", expiresAt="
        + expiresAt.map(Instant::toString).orElse("none")
        + ", claims="
        + claims.keySet()
        + ", secondFactorAt="
        + secondFactorAt.map(Instant::toString).orElse("none")
        + ", roles="
        + roles
        + "]";
  }
}
