package dev.usersdk.user;

import java.util.Map;
import java.util.Set;

/**
 * Application roles granted to users, and the permissions they bring ({@code client.roles()}).
 * Which roles exist and what each permits is the host's configuration ({@code
 * UserSdkConfig.Builder#role}); which users hold them is stored. Admins (the stored flag or a
 * configured admin id) hold every permission without a role.
 *
 * <p>An authenticated caller's roles and permissions are on its {@code Principal}: read from the
 * store with the token's check on every {@code authenticate}, so a revoked role stops working at
 * once; another issuer's token adds the roles and permissions its claims carry.
 */
public interface Roles {
  /** The configured roles and what each permits, by name. */
  Map<String, Set<String>> defined();

  /**
   * The roles granted to the user.
   *
   * @throws UserNotFoundException if there is no such user
   */
  Set<String> of(UserId user);

  /**
   * What the user may do: the permissions of its roles, or just {@link Permissions#ALL} for an
   * admin.
   *
   * @throws UserNotFoundException if there is no such user
   */
  Set<String> permissionsOf(UserId user);

  /**
   * Whether the user holds {@code permission}: an admin, or a role that lists it (or {@link
   * Permissions#ALL}).
   *
   * @throws UserNotFoundException if there is no such user
   */
  boolean hasPermission(UserId user, String permission);

  /**
   * Grants a configured role, by {@code actor}: an admin, or a holder of {@link
   * Permissions#ROLES_GRANT} who holds every permission of the role — not a role without
   * permissions, and not to an admin (those take an admin); never a disabled actor. Recorded in the
   * audit trail.
   *
   * @return whether it was granted now ({@code false}: the user had it already; nothing recorded)
   * @throws dev.usersdk.ValidationException for a role that is not configured
   * @throws dev.usersdk.ForbiddenException if {@code actor} may not grant it
   * @throws UserNotFoundException if either user does not exist
   */
  boolean grant(UserId user, String role, UserId actor);

  /**
   * Takes a role away, by {@code actor} (as for {@link #grant}). A role no longer configured may
   * always be revoked by an admin.
   *
   * @return whether it was revoked now ({@code false}: the user did not have it)
   */
  boolean revoke(UserId user, String role, UserId actor);
}
