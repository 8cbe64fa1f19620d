package dev.usersdk.auth;

import dev.usersdk.UserSdkException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A second factor is needed first (a 401 with a prompt for a code): either {@link
 * Auth#login(String, dev.usersdk.auth.password.Password, LoginContext) login} met a user with a
 * second factor ({@link #challenge()} holds what {@link Auth#completeSignIn} needs), or an action
 * demands a recent one ({@link Auth#requireRecentSecondFactor}: step up with {@link Auth#stepUp}).
 * The challenge is never in the message.
 */
public class SecondFactorRequiredException extends UserSdkException {
  private static final long serialVersionUID = 1L;

  private final transient SignIn.@Nullable SecondFactorRequired challenge;

  public SecondFactorRequiredException(String message) {
    super("second_factor_required", message);
    this.challenge = null;
  }

  public SecondFactorRequiredException(SignIn.SecondFactorRequired challenge) {
    super("second_factor_required", "a second factor is required to complete the sign-in");
    this.challenge = challenge;
  }

  /** The sign-in to complete, when a login raised this. */
  public Optional<SignIn.SecondFactorRequired> challenge() {
    return Optional.ofNullable(challenge);
  }
}
