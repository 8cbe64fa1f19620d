package dev.usersdk.user;

/**
 * Where a user stands. Only {@link #APPROVED} users may sign in.
 *
 * <ul>
 *   <li>{@link #PENDING}: created but waiting for an admin's approval (when approval is required).
 *   <li>{@link #APPROVED}: a full user.
 *   <li>{@link #DISABLED}: switched off by an admin; {@code enable} returns the user to where it
 *       was.
 * </ul>
 */
public enum UserStatus {
  PENDING,
  APPROVED,
  DISABLED
}
