package dev.usersdk.user;

import dev.usersdk.ValidationException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Who vouches for a user's identity: usersdk's own passwords, Auth0, or another identity provider
 * named by the host. Together with an external subject (Auth0's {@code sub}) it identifies an
 * externally authenticated user.
 *
 * @param name lower-case letters, digits, {@code _} and {@code -}, starting with a letter; at most
 *     32 characters
 */
public record AuthProvider(String name) {
  // Declared before the constants below: static fields initialise in order.
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

  /** Users who sign in with an email and a password kept by usersdk. */
  public static final AuthProvider PASSWORD = new AuthProvider("password");

  /** Users who sign in through Auth0 (or another OIDC issuer configured as {@code auth0}). */
  public static final AuthProvider AUTH0 = new AuthProvider("auth0");

  public AuthProvider {
    if (name == null || !NAME.matcher(name.strip().toLowerCase(Locale.ROOT)).matches()) {
      throw new ValidationException(
          "authProvider",
          "authProvider must be 1 to 32 lower-case letters, digits, '_' or '-', starting with a letter");
    }
    name = name.strip().toLowerCase(Locale.ROOT);
  }

  public static AuthProvider of(String name) {
    return new AuthProvider(name);
  }

  @Override
  public String toString() {
    return name;
  }
}
