package dev.usersdk.user;

import java.util.Set;

/**
 * The permissions usersdk itself checks before a privileged act done by someone other than an
 * admin. A host grants them through roles ({@code UserSdkConfig.Builder#role}); its own permissions
 * are any other strings it chooses (e.g. {@code reports:read}), checked with {@code
 * Principal#hasPermission}. Admins hold every permission; making or unmaking an admin takes an
 * admin.
 */
public final class Permissions {
  private Permissions() {}

  /** Every permission: what an admin holds, and what a role listing it grants. */
  public static final String ALL = "*";

  /** Approve pending users ({@code users().approve}). */
  public static final String USERS_APPROVE = "users:approve";

  /** Disable and enable users ({@code users().disable}, {@code users().enable}). */
  public static final String USERS_DISABLE = "users:disable";

  /** Delete users ({@code users().delete}). */
  public static final String USERS_DELETE = "users:delete";

  /** Adjust balances: grants and corrections ({@code ledger().adjust}). */
  public static final String CREDITS_ADJUST = "credits:adjust";

  /** End another user's sessions ({@code auth().logoutEverywhere(userId, actor)}). */
  public static final String SESSIONS_REVOKE = "sessions:revoke";

  /** Remove another user's second factor ({@code auth().secondFactors().disableByAdmin}). */
  public static final String MFA_RESET = "mfa:reset";

  /**
   * Grant and revoke roles ({@code roles().grant}, {@code roles().revoke}) — only roles whose every
   * permission the actor holds, so no one grants more than they have.
   */
  public static final String ROLES_GRANT = "roles:grant";

  private static final Set<String> BUILT_IN =
      Set.of(
          ALL,
          USERS_APPROVE,
          USERS_DISABLE,
          USERS_DELETE,
          CREDITS_ADJUST,
          SESSIONS_REVOKE,
          MFA_RESET,
          ROLES_GRANT);

  /**
   * Whether usersdk itself checks {@code permission} ({@link #ALL} included). Only roles granted in
   * usersdk (and being an admin) confer these; another issuer's token claims never do.
   */
  public static boolean isBuiltIn(String permission) {
    return BUILT_IN.contains(permission);
  }
}
