/**
 * How {@link dev.usersdk.user.Users} works: {@code UserService} (the API), {@code NewUsers} (the
 * one way a user comes into being), {@code UserWrites} (versioned read-modify-write), {@code
 * ExternalUsers} (users of other identity providers) and {@code Admins}.
 *
 * <p><b>Internal: not API.</b> Not exported by the module descriptor; may change in any release
 * without notice. Reach this code through the public API.
 */
package dev.usersdk.user.internal;
