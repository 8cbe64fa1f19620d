package dev.usersdk.auth;

import dev.usersdk.UserSdkException;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A login failed: unknown email, wrong password, or a locked account — deliberately
 * indistinguishable (a 401). {@link #retryAfter()} is present only when the account is locked and
 * the host opted in with {@link LockoutConfig#revealRetryAfter()}.
 */
public class InvalidCredentialsException extends UserSdkException {
  private static final long serialVersionUID = 1L;
  private final transient @Nullable Duration retryAfter;

  public InvalidCredentialsException() {
    this(null);
  }

  public InvalidCredentialsException(@Nullable Duration retryAfter) {
    super("invalid_credentials", "the email or password is wrong");
    this.retryAfter = retryAfter;
  }

  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
