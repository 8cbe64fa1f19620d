package dev.usersdk.spring;

import dev.usersdk.auth.Principal;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A request authenticated by usersdk: {@link #getPrincipal()} is the usersdk {@link Principal}
 * ({@code @AuthenticationPrincipal Principal principal} in a controller), and the authorities are
 * {@code ROLE_ADMIN} for admins, {@code ROLE_<role>} for each role and each permission as it is
 * spelled ({@code hasAuthority("credits:adjust")}). The token is not kept.
 */
public final class UserSdkAuthentication extends AbstractAuthenticationToken {
  private static final long serialVersionUID = 1L;

  /** The authority every admin holds. */
  public static final String ADMIN = "ROLE_ADMIN";

  @SuppressWarnings("serial") // a record of the user's data; a session never serializes it
  private final Principal principal;

  UserSdkAuthentication(Principal principal) {
    super(authorities(principal));
    this.principal = principal;
    setAuthenticated(true);
  }

  private static List<GrantedAuthority> authorities(Principal principal) {
    List<GrantedAuthority> authorities = new ArrayList<>();
    if (principal.admin()) {
      authorities.add(new SimpleGrantedAuthority(ADMIN));
    }
    principal.roles().forEach(role -> authorities.add(new SimpleGrantedAuthority("ROLE_" + role)));
    principal.permissions().forEach(p -> authorities.add(new SimpleGrantedAuthority(p)));
    return authorities;
  }

  @Override
  public Principal getPrincipal() {
    return principal;
  }

  /** Never the token: it was checked and let go. */
  @Override
  public Object getCredentials() {
    return "";
  }

  @Override
  public String getName() {
    return principal.userId().toString();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof UserSdkAuthentication that && principal.equals(that.principal);
  }

  @Override
  public int hashCode() {
    return principal.hashCode();
  }

  @Override
  public String toString() {
    return "UserSdkAuthentication[" + principal.userId() + ", " + getAuthorities() + "]";
  }
}
