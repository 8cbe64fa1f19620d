package dev.usersdk.auth;

import dev.usersdk.auth.password.Password;
import java.time.Instant;
import java.util.Optional;

/**
 * A single shared password that guards a one-tenant app (a team tool, a demo): anyone who knows it
 * gets a token. Changing the password invalidates every token issued under the old one.
 */
public interface AppPassword {

  /** Whether a password is set, and since when: a host shows first-run setup when it is not. */
  Status configurationStatus();

  /**
   * First-run setup: sets the password if none is set.
   *
   * @throws dev.usersdk.ForbiddenException if one is set already (changing it takes an admin)
   * @throws dev.usersdk.auth.password.WeakPasswordException if the password policy refuses it
   */
  void setPassword(Password password);

  /**
   * Sets or changes the password; ends every token issued under the old one.
   *
   * @throws dev.usersdk.ForbiddenException if {@code admin} is not an admin
   */
  void setPassword(Password password, Principal admin);

  /**
   * Exchanges the password for a token.
   *
   * @throws InvalidCredentialsException if it is wrong or none is set
   */
  AppSession login(Password password);

  /**
   * Exchanges the password for a token. Failures are recorded by the context's client address, and
   * an address that failed {@code 5} times in 15 minutes waits before each further try (1 minute,
   * doubling to 15); pass the address so one client's guesses do not slow the others.
   *
   * @throws InvalidCredentialsException if it is wrong, none is set, or the address must wait
   */
  AppSession login(Password password, LoginContext context);

  /**
   * Checks a token from {@link #login}: signature, expiry, and that the password has not changed
   * since.
   *
   * @return when the token expires
   * @throws InvalidTokenException if it is refused
   */
  Instant verify(String token);

  /**
   * Whether the app password is set up.
   *
   * @param configured whether a password is set
   * @param updatedAt when it was last set
   */
  record Status(boolean configured, Optional<Instant> updatedAt) {}

  /** A token for the shared password; a secret, so {@link #toString()} hides it. */
  record AppSession(String token, Instant expiresAt) {
    @Override
    public String toString() {
      return "AppSession[token=(redacted), expiresAt=" + expiresAt + "]";
    }
  }
}
