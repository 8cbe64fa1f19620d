package dev.usersdk.auth;

import dev.usersdk.health.KeySetHealth;
import dev.usersdk.observe.Observer;
import dev.usersdk.user.ExternalAccountPolicy;
import java.util.Optional;

/**
 * Verifies bearer tokens of another issuer: the extension point for {@code user-auth0}. An
 * authenticator only says who signed in ({@link #verify}); the client then resolves the user
 * ({@link dev.usersdk.user.Users#resolveExternal}), enforces its status and builds the one {@link
 * Principal}, the same way for every issuer.
 *
 * <p>A client routes each token to the first authenticator that {@linkplain #handles handles} it;
 * its own password-mode tokens are judged by the client itself. When an authenticator is a client's
 * only way to authenticate, the client skips {@link #handles} and gives it every token, so {@link
 * #verify} must refuse tokens that are not its own.
 */
public interface Authenticator {
  /** The mode this authenticator provides, e.g. {@link AuthMode#AUTH0}. */
  AuthMode mode();

  /**
   * Whether the token is this authenticator's to judge (e.g. by its issuer), without verifying it.
   */
  boolean handles(String token);

  /**
   * Verifies the token: signature, issuer, audience, expiry. Reads no user.
   *
   * @return who the token says the caller is, with its claims
   * @throws InvalidTokenException if the token is refused (a 401)
   * @throws TokenVerifierUnavailableException if it cannot be checked now (a 503; retryable)
   */
  VerifiedIdentity verify(String token);

  /**
   * The state of the keys this authenticator verifies with, for {@link
   * dev.usersdk.UserClient#health()}; empty (the default) when it fetches none. Must be cheap: no
   * fetch, no I/O.
   */
  default Optional<KeySetHealth> keySetHealth() {
    return Optional.empty();
  }

  /**
   * Called by the client it is given to, with the client's observer, so the authenticator can
   * report its key-set fetches ({@link Observer#keySetFetched}). The default ignores it.
   */
  default void observedBy(Observer observer) {}

  /**
   * How the client creates and links users of this issuer; default {@link
   * ExternalAccountPolicy#defaults()}.
   */
  default ExternalAccountPolicy accountPolicy() {
    return ExternalAccountPolicy.defaults();
  }
}
