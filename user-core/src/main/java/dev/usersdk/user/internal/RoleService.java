package dev.usersdk.user.internal;

import dev.usersdk.ForbiddenException;
import dev.usersdk.ValidationException;
import dev.usersdk.audit.AuditAction;
import dev.usersdk.audit.internal.Audits;
import dev.usersdk.internal.Timestamps;
import dev.usersdk.spi.StoreTransaction;
import dev.usersdk.spi.Stores;
import dev.usersdk.user.Permissions;
import dev.usersdk.user.Roles;
import dev.usersdk.user.User;
import dev.usersdk.user.UserId;
import dev.usersdk.user.UserNotFoundException;
import dev.usersdk.user.UserStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/** The implementation of {@link Roles}: grants and revocations checked, stored and audited. */
public final class RoleService implements Roles {
  /** As {@code UserSdkConfig.Builder#role} accepts them. */
  private static final Pattern ROLE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}");

  private final Stores stores;
  private final Clock clock;
  private final Privileges privileges;
  private final Audits audits;

  public RoleService(Stores stores, Clock clock, Privileges privileges, Audits audits) {
    this.stores = Objects.requireNonNull(stores, "stores");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.privileges = Objects.requireNonNull(privileges, "privileges");
    this.audits = Objects.requireNonNull(audits, "audits");
  }

  @Override
  public Map<String, Set<String>> defined() {
    return privileges.defined();
  }

  @Override
  public Set<String> of(UserId user) {
    Objects.requireNonNull(user, "user");
    return stores.read(
        tx -> {
          existing(tx, user);
          return Set.copyOf(tx.roles().rolesOf(user));
        });
  }

  @Override
  public Set<String> permissionsOf(UserId user) {
    Objects.requireNonNull(user, "user");
    return stores.read(
        tx -> {
          User found = existing(tx, user);
          if (found.status() == UserStatus.DISABLED) {
            return Set.<String>of(); // a disabled user holds nothing
          }
          if (privileges.admins().isAdmin(found)) {
            return Set.of(Permissions.ALL);
          }
          return Set.copyOf(privileges.permissionsOf(privileges.rolesOf(tx, user)));
        });
  }

  @Override
  public boolean hasPermission(UserId user, String permission) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(permission, "permission");
    return stores.read(tx -> privileges.holds(tx, existing(tx, user), permission));
  }

  @Override
  public boolean grant(UserId user, String role, UserId actor) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(actor, "actor");
    Set<String> permits = privileges.defined().get(Objects.requireNonNull(role, "role"));
    if (permits == null) {
      throw new ValidationException(
          "role", "no role '" + role + "' is configured (UserSdkConfig.Builder#role)");
    }
    return stores.inTransaction(
        tx -> {
          boolean byAdmin = requireMayGive(tx, actor, role, permits);
          privileges.requireOverLocked(tx, byAdmin, user);
          locked(tx, user);
          Instant now = Timestamps.now(clock);
          boolean granted = tx.roles().grant(user, role, now);
          if (granted) {
            audits.record(tx, actor, user, AuditAction.ROLE_GRANT, Map.of("role", role), now);
          }
          return granted;
        });
  }

  @Override
  public boolean revoke(UserId user, String role, UserId actor) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(role, "role");
    if (!ROLE_NAME.matcher(role).matches()) {
      throw new ValidationException("role", "not a role name: '" + role + "'");
    }
    Set<String> permits = privileges.defined().get(role);
    return stores.inTransaction(
        tx -> {
          boolean byAdmin;
          if (permits == null) {
            // What an unconfigured role permitted is unknown: only an admin may tidy it away.
            privileges.requireAdmin(tx, actor, "revoke a role that is not configured");
            byAdmin = true;
          } else {
            byAdmin = requireMayGive(tx, actor, role, permits);
          }
          privileges.requireOverLocked(tx, byAdmin, user);
          locked(tx, user);
          boolean revoked = tx.roles().revoke(user, role);
          if (revoked) {
            audits.record(
                tx,
                actor,
                user,
                AuditAction.ROLE_REVOKE,
                Map.of("role", role),
                Timestamps.now(clock));
          }
          return revoked;
        });
  }

  /**
   * An admin, or a holder of {@link Permissions#ROLES_GRANT} who holds every permission of the role
   * (no one hands out more than they have) — and not a role without permissions, whose meaning is
   * only its name (a host checking {@code hasRole}), which only an admin hands out.
   *
   * @return whether the actor is an admin
   */
  private boolean requireMayGive(
      StoreTransaction tx, UserId actor, String role, Set<String> permits) {
    User acting = existing(tx, actor);
    if (acting.status() == UserStatus.DISABLED) {
      throw new ForbiddenException("a disabled user may not grant or revoke roles");
    }
    if (privileges.admins().isAdmin(acting)) {
      return true;
    }
    Set<String> own = privileges.permissionsOf(privileges.rolesOf(tx, actor));
    if (!Privileges.includes(own, Permissions.ROLES_GRANT)) {
      throw new ForbiddenException(
          "only admins or holders of " + Permissions.ROLES_GRANT + " may grant or revoke roles");
    }
    if (permits.isEmpty()) {
      throw new ForbiddenException(
          "role " + role + " grants no permission: only an admin grants or revokes it");
    }
    for (String permission : permits) {
      if (!Privileges.includes(own, permission)) {
        throw new ForbiddenException(
            "role " + role + " grants " + permission + ", which the actor does not hold");
      }
    }
    return false;
  }

  /** The user's row locked: grants and revocations of one user run one at a time. */
  private static void locked(StoreTransaction tx, UserId user) {
    if (tx.users().findByIdForUpdate(user).isEmpty()) {
      throw new UserNotFoundException(user);
    }
  }

  private static User existing(StoreTransaction tx, UserId user) {
    return tx.users().findById(user).orElseThrow(() -> new UserNotFoundException(user));
  }
}
