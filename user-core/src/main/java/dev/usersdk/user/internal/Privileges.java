package dev.usersdk.user.internal;

import dev.usersdk.ForbiddenException;
import dev.usersdk.spi.StoreTransaction;
import dev.usersdk.user.Permissions;
import dev.usersdk.user.User;
import dev.usersdk.user.UserId;
import dev.usersdk.user.UserNotFoundException;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Who may do what: admins everything, everyone else what the configured roles they hold permit.
 * Every check of a privileged act by someone other than the subject goes through here.
 */
public final class Privileges {
  private final Admins admins;
  private final Map<String, Set<String>> defined;

  public Privileges(Admins admins, Map<String, Set<String>> defined) {
    this.admins = Objects.requireNonNull(admins, "admins");
    this.defined = Collections.unmodifiableMap(new LinkedHashMap<>(defined)); // in config order
  }

  public Admins admins() {
    return admins;
  }

  /** The configured roles and their permissions. */
  public Map<String, Set<String>> defined() {
    return defined;
  }

  /**
   * The user's stored roles; none are read (and none count) when the host configured no roles, so a
   * host without roles pays nothing for them.
   */
  public Set<String> rolesOf(StoreTransaction tx, UserId user) {
    return defined.isEmpty() ? Set.of() : tx.roles().rolesOf(user);
  }

  /** What {@code roles} permit by the configuration; roles no longer configured permit nothing. */
  public Set<String> permissionsOf(Collection<String> roles) {
    Set<String> permits = new LinkedHashSet<>();
    for (String role : roles) {
      permits.addAll(defined.getOrDefault(role, Set.of()));
    }
    return permits;
  }

  /** Whether {@code permits} include {@code permission} (or every permission). */
  public static boolean includes(Set<String> permits, String permission) {
    return permits.contains(Permissions.ALL) || permits.contains(permission);
  }

  /** Whether {@code actor}, as stored in {@code tx}, holds {@code permission}. */
  public boolean holds(StoreTransaction tx, User actor, String permission) {
    return admins.isAdmin(actor) || includes(permissionsOf(rolesOf(tx, actor.id())), permission);
  }

  /**
   * Checks, in the act's transaction, that {@code actor} exists and holds {@code permission}.
   *
   * @throws UserNotFoundException if there is no such actor
   * @throws ForbiddenException otherwise, naming the act and the permission
   */
  public void require(StoreTransaction tx, UserId actor, String permission, String act) {
    User acting = tx.users().findById(actor).orElseThrow(() -> new UserNotFoundException(actor));
    if (!holds(tx, acting, permission)) {
      throw new ForbiddenException("only admins or holders of " + permission + " may " + act);
    }
  }

  /**
   * Checks, in the act's transaction, that {@code actor} exists and is an admin: for acts no role
   * grants (making admins).
   */
  public void requireAdmin(StoreTransaction tx, UserId actor, String act) {
    User acting = tx.users().findById(actor).orElseThrow(() -> new UserNotFoundException(actor));
    if (!admins.isAdmin(acting)) {
      throw new ForbiddenException("only admins may " + act);
    }
  }
}
