package dev.usersdk.spring;

import java.util.List;
import java.util.Objects;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * A usersdk token to authenticate through the {@code AuthenticationManager}: {@code
 * authenticationManager.authenticate(new UserSdkToken(token))} answers a {@link
 * UserSdkAuthentication} or throws {@code BadCredentialsException} (its message the usersdk error
 * code). Never shows the token.
 */
public final class UserSdkToken extends AbstractAuthenticationToken {
  private static final long serialVersionUID = 1L;

  private final String token;

  public UserSdkToken(String token) {
    super(List.of());
    this.token = Objects.requireNonNull(token, "token");
  }

  String token() {
    return token;
  }

  /** The token, for the provider only; {@code getCredentials} as Spring Security reads it. */
  @Override
  public Object getCredentials() {
    return token;
  }

  @Override
  public Object getPrincipal() {
    return "";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof UserSdkToken that && token.equals(that.token);
  }

  @Override
  public int hashCode() {
    return token.hashCode();
  }

  @Override
  public String toString() {
    return "UserSdkToken[redacted]";
  }
}
