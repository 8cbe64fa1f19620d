package dev.usersdk.spring;

import dev.usersdk.Settings;
import dev.usersdk.auth.Authenticator;
import dev.usersdk.auth0.Auth0Authenticator;

/**
 * The only class that names user-auth0: loaded only when the auth mode accepts Auth0 tokens and the
 * module is present, so an application without it never touches the class.
 */
final class Auth0FromSettings {
  private Auth0FromSettings() {}

  static Authenticator authenticator(Settings settings) {
    return Auth0Authenticator.from(settings);
  }
}
