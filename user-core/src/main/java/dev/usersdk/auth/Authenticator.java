package dev.usersdk.auth;

import dev.usersdk.user.Users;

/**
 * Turns a bearer token from another issuer into a {@link Principal}: the extension point for
 * {@code user-auth0}. A client routes each token to the first authenticator that
 * {@linkplain #handles handles} it; its own password-mode tokens are judged by the client itself.
 * When an authenticator is a client's only way to authenticate, the client skips {@link #handles}
 * and gives it every token, so {@link #authenticate} must refuse tokens that are not its own.
 */
public interface Authenticator {
  /** The mode this authenticator provides, e.g. {@link AuthMode#AUTH0}. */
  AuthMode mode();

  /** Whether the token is this authenticator's to judge (e.g. by its issuer), without verifying it. */
  boolean handles(String token);

  /**
   * Verifies the token and resolves (or creates) its user.
   *
   * @throws InvalidTokenException if the token is refused
   */
  Principal authenticate(String token, Users users);
}
