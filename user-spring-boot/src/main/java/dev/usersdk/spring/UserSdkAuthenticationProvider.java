package dev.usersdk.spring;

import dev.usersdk.UserClient;
import dev.usersdk.UserSdkException;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;

/**
 * Authenticates a {@link UserSdkToken} through the application's {@code AuthenticationManager} (for
 * a transport the filter does not see, such as a WebSocket handshake's message): the same check and
 * the same {@link UserSdkAuthentication} as the filter's. As a bean it also tells Spring Boot that
 * authentication is configured, so Boot makes no in-memory user with a generated password (and logs
 * none).
 */
final class UserSdkAuthenticationProvider implements AuthenticationProvider {
  private final UserClient client;

  UserSdkAuthenticationProvider(UserClient client) {
    this.client = client;
  }

  @Override
  public Authentication authenticate(Authentication authentication) {
    UserSdkToken token = (UserSdkToken) authentication;
    try {
      return UserSdkAuthentication.of(client, client.auth().authenticate(token.token()));
    } catch (UserSdkException refused) {
      throw new BadCredentialsException(refused.code(), refused);
    }
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return UserSdkToken.class.isAssignableFrom(authentication);
  }
}
