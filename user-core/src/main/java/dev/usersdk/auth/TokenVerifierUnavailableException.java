package dev.usersdk.auth;

import dev.usersdk.UserSdkException;
import org.jspecify.annotations.Nullable;

/**
 * A token could not be checked because the keys to check it with are out of reach (the issuer's key
 * endpoint is down, slow or answering garbage, and no usable key is cached). Not a verdict on the
 * token: the call failed closed and may be retried as it is; a host typically answers 503, where a
 * refused token ({@link InvalidTokenException}) is a 401.
 */
public class TokenVerifierUnavailableException extends UserSdkException {
  private static final long serialVersionUID = 1L;

  public TokenVerifierUnavailableException(String message, @Nullable Throwable cause) {
    super("token_verifier_unavailable", message, cause);
  }

  @Override
  public boolean retryable() {
    return true;
  }
}
