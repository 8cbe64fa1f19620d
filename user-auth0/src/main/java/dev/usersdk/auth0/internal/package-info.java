/**
 * How Auth0 tokens are verified: the Nimbus-based {@code TokenVerifier} and {@code KeySource}.
 *
 * <p><b>Internal: not API.</b> Not exported by the module descriptor; may change in any release
 * without notice. Reach this code through the public API.
 */
package dev.usersdk.auth0.internal;
