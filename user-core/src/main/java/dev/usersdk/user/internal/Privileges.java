package dev.usersdk.user.internal;

import dev.usersdk.ForbiddenException;
import dev.usersdk.spi.StoreTransaction;
import dev.usersdk.user.Permissions;
import dev.usersdk.user.User;
import dev.usersdk.user.UserId;
import dev.usersdk.user.UserNotFoundException;
import dev.usersdk.user.UserStatus;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who may do what: admins everything, everyone else what the configured roles they hold permit; a
 * disabled user nothing. Every check of a privileged act on another user goes through here.
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
   * The user's stored roles that are still configured; none are read (and none count) when the host
   * configured no roles, so a host without roles pays nothing for them.
   */
  public Set<String> rolesOf(StoreTransaction tx, UserId user) {
    if (defined.isEmpty()) {
      return Set.of();
    }
    Set<String> configured = new LinkedHashSet<>(tx.roles().rolesOf(user));
    configured.retainAll(defined.keySet());
    return configured;
  }

  /** What {@code roles} permit by the configuration; roles not configured permit nothing. */
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

  /**
   * Whether {@code actor}, as stored in {@code tx}, holds {@code permission}: an admin, or a role
   * that permits it. A disabled user holds nothing, an admin included.
   */
  public boolean holds(StoreTransaction tx, User actor, String permission) {
    if (actor.status() == UserStatus.DISABLED) {
      return false;
    }
    return admins.isAdmin(actor) || includes(permissionsOf(rolesOf(tx, actor.id())), permission);
  }

  /**
   * Checks, in the act's transaction, that {@code actor} holds {@code permission} and may use it on
   * {@code subject} ({@link #requireOver}).
   *
   * @throws UserNotFoundException if there is no such actor
   * @throws ForbiddenException otherwise, naming the act and the permission
   */
  public void require(
      StoreTransaction tx, UserId actor, UserId subject, String permission, String act) {
    requireOverLocked(tx, acting(tx, actor, permission, act), subject);
  }

  /**
   * {@link #require} for an act that has locked other rows of the subject already (its sessions):
   * the subject's row is read without a lock, keeping the users-then-sessions lock order.
   */
  public void requireAfterOtherLocks(
      StoreTransaction tx, UserId actor, UserId subject, String permission, String act) {
    requireOver(tx, acting(tx, actor, permission, act), subject);
  }

  /** Checks that {@code actor} holds {@code permission}; returns whether it is an admin. */
  private boolean acting(StoreTransaction tx, UserId actor, String permission, String act) {
    User acting = tx.users().findById(actor).orElseThrow(() -> new UserNotFoundException(actor));
    if (!holds(tx, acting, permission)) {
      throw new ForbiddenException("only admins or holders of " + permission + " may " + act);
    }
    return admins.isAdmin(acting);
  }

  /**
   * A permission from a role is not power over admins: only an admin disables, deletes, adjusts,
   * logs out, resets or changes the roles of an admin. Reads the subject without a lock: for acts
   * that lock other rows first (sessions); {@link #requireOverLocked} where the subject's row is
   * the act's first lock anyway.
   */
  public void requireOver(StoreTransaction tx, boolean actorIsAdmin, UserId subject) {
    if (!actorIsAdmin) {
      refuseIfAdmin(tx.users().findById(subject));
    }
  }

  /**
   * {@link #requireOver} with the subject's row locked first, so it cannot become an admin between
   * the check and the act.
   */
  public void requireOverLocked(StoreTransaction tx, boolean actorIsAdmin, UserId subject) {
    if (!actorIsAdmin) {
      refuseIfAdmin(tx.users().findByIdForUpdate(subject));
    }
  }

  private void refuseIfAdmin(Optional<User> subject) {
    if (subject.filter(admins::isAdmin).isPresent()) {
      throw new ForbiddenException("only admins may do this to an admin");
    }
  }

  /**
   * Checks, in the act's transaction, that {@code actor} exists, is not disabled and is an admin:
   * for acts no role grants (making admins).
   */
  public void requireAdmin(StoreTransaction tx, UserId actor, String act) {
    User acting = tx.users().findById(actor).orElseThrow(() -> new UserNotFoundException(actor));
    if (acting.status() == UserStatus.DISABLED || !admins.isAdmin(acting)) {
      throw new ForbiddenException("only admins may " + act);
    }
  }
}
