/**
 * How {@link dev.usersdk.auth.Auth} works, one class per flow behind the {@code AuthService}
 * facade: {@code Registrations}, {@code Logins} and {@code Lockouts}, {@code Sessions} and {@code
 * SessionIssuer}, {@code PasswordResets}, {@code PasswordAccounts}, {@code Callers} (who is
 * calling: token routing, user resolution, the one place a {@link dev.usersdk.auth.Principal} is
 * built) and {@code AppPasswordService}; with the token, secret and password helpers they share.
 *
 * <p><b>Internal: not API.</b> Not exported by the module descriptor; may change in any release
 * without notice. Reach this code through the public API.
 */
package dev.usersdk.auth.internal;
