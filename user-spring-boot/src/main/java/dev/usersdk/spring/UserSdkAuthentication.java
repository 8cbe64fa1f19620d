package dev.usersdk.spring;

import dev.usersdk.UserClient;
import dev.usersdk.UserSdkException;
import dev.usersdk.auth.Principal;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A request authenticated by usersdk: {@link #getPrincipal()} is the usersdk {@link Principal}
 * ({@code @AuthenticationPrincipal Principal principal} in a controller). Authorities: {@code
 * ROLE_ADMIN} for an admin who may act as one now (with {@code MfaConfig.requiredForAdmins}, only
 * from a session that proved a second factor, as {@code auth().requireAdmin} decides), {@code
 * ROLE_<role>} for each role and each permission as it is spelled ({@code
 * hasAuthority("credits:adjust")}). No role or permission becomes {@code ROLE_ADMIN}: a role named
 * {@code ADMIN} (in any case) and permissions beginning {@code ROLE_} are left out, as is {@code
 * *}; an admin's every-permission is its {@code ROLE_ADMIN}, not a list. The token is not kept.
 */
public final class UserSdkAuthentication extends AbstractAuthenticationToken {
  private static final long serialVersionUID = 1L;

  /** The authority of an admin who may act as one. */
  public static final String ADMIN = "ROLE_ADMIN";

  @SuppressWarnings("serial") // a record of the user's data; a session never serializes it
  private final Principal principal;

  private UserSdkAuthentication(Principal principal, List<GrantedAuthority> authorities) {
    super(authorities);
    this.principal = principal;
    setAuthenticated(true);
  }

  /**
   * The authentication of {@code principal}: the admin authority and each permission only as {@code
   * client} would allow them now ({@code requireAdmin}, {@code requirePermission}: with {@code
   * MfaConfig.requiredForAdmins}, usersdk's own permissions need a session that proved a second
   * factor).
   */
  static UserSdkAuthentication of(UserClient client, Principal principal) {
    List<GrantedAuthority> authorities = new ArrayList<>();
    // Only an admin can pass requireAdmin: no refusal built (and thrown) for every other request.
    if (principal.admin() && allowed(() -> client.auth().requireAdmin(principal))) {
      authorities.add(new SimpleGrantedAuthority(ADMIN));
    }
    for (String role : principal.roles()) {
      if (!role.equalsIgnoreCase("ADMIN")) {
        authorities.add(new SimpleGrantedAuthority("ROLE_" + role));
      }
    }
    for (String permission : principal.permissions()) {
      if (!permission.startsWith("ROLE_")
          && !permission.equals("*")
          && allowed(() -> client.auth().requirePermission(principal, permission))) {
        authorities.add(new SimpleGrantedAuthority(permission));
      }
    }
    return new UserSdkAuthentication(principal, authorities);
  }

  private static boolean allowed(Runnable check) {
    try {
      check.run();
      return true;
    } catch (UserSdkException notNow) { // not held, or not without the second factor it needs
      return false;
    }
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
