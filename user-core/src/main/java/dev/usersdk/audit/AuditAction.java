package dev.usersdk.audit;

/** The privileged acts the audit trail records. */
public enum AuditAction {
  /** A pending user approved ({@code Users.approve}). */
  APPROVE,
  /** A user disabled, its sessions ended. */
  DISABLE,
  /** A disabled user enabled again. */
  ENABLE,
  /** A user made an admin. */
  SET_ADMIN,
  /** A user's admin flag taken away. */
  UNSET_ADMIN,
  /** A user deleted (the trail keeps its id). */
  DELETE,
  /**
   * An admin's adjustment of a balance ({@code ledger().adjust}); details: delta, reason, entry.
   */
  LEDGER_ADJUST,
  /** Every session of a user ended by someone else ({@code auth().logoutEverywhere}). */
  FORCED_LOGOUT,
  /**
   * A user's second factor removed by an admin or a holder of {@code mfa:reset} ({@code
   * secondFactors().disableByAdmin}).
   */
  MFA_RESET,
  /** A role granted to a user ({@code roles().grant}); details: role. */
  ROLE_GRANT,
  /** A role taken from a user ({@code roles().revoke}); details: role. */
  ROLE_REVOKE
}
