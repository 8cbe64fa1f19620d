package dev.usersdk.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usersdk.ConfigurationException;
import dev.usersdk.Environment;
import dev.usersdk.UserClient;
import dev.usersdk.UserSdkConfig;
import dev.usersdk.auth.AuthConfig;
import dev.usersdk.auth.MfaConfig;
import dev.usersdk.auth.password.Password;
import dev.usersdk.auth.password.PasswordHashers;
import dev.usersdk.testkit.memory.InMemoryStores;
import dev.usersdk.user.NewUser;
import dev.usersdk.user.User;
import dev.usersdk.user.UserStatus;
import jakarta.servlet.http.Cookie;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;

/**
 * The filter and the endpoints' cookies without a server: which authorities a principal gets, the
 * origin rule, the problem written without Spring MVC, and the cookie settings' defaults.
 */
class TokenAuthenticationFilterTest {
  private static final String PASSWORD = "correct horse battery";
  private final UserClient client =
      UserClient.builder()
          .stores(InMemoryStores.create())
          .passwordHasher(PasswordHashers.delegating(PasswordHashers.argon2idForTestsOnly(1024, 1)))
          .config(
              UserSdkConfig.builder()
                  .environment(Environment.DEVELOPMENT)
                  .role("ADMIN", "ROLE_ADMIN", "reports:read", "*")
                  .role("billing", "credits:adjust")
                  .auth(
                      AuthConfig.builder()
                          .jwtSecret(
                              "an-hs256-test-secret-of-32-bytes!!".getBytes(StandardCharsets.UTF_8))
                          .mfa(MfaConfig.defaults().withRequiredForAdmins(true))
                          .build())
                  .build())
          .build();
  private final UserSdkProperties.Web web = new UserSdkProperties.Web();

  @AfterEach
  void close() {
    client.close();
    SecurityContextHolder.clearContext();
  }

  private User user(String email, boolean admin) {
    return client
        .auth()
        .createUser(
            NewUser.email(email).admin(admin).status(UserStatus.APPROVED), Password.of(PASSWORD));
  }

  private String token(String email) {
    return client.auth().login(email, Password.of(PASSWORD)).accessToken();
  }

  /** Runs the filter; answers the authentication the rest of the chain saw (null: none). */
  private Authentication filter(MockHttpServletRequest request, MockHttpServletResponse response)
      throws Exception {
    AtomicReference<Authentication> seen = new AtomicReference<>();
    MockFilterChain chain =
        new MockFilterChain() {
          @Override
          public void doFilter(
              jakarta.servlet.ServletRequest req, jakarta.servlet.ServletResponse res) {
            seen.set(SecurityContextHolder.getContext().getAuthentication());
          }
        };
    new TokenAuthenticationFilter(
            client,
            web,
            new Problems((req, res, handler, e) -> null), // no MVC: the filter writes the problem
            SecurityContextHolder.getContextHolderStrategy())
        .doFilter(request, response, chain);
    return seen.get();
  }

  private static List<String> authorities(Authentication authentication) {
    return authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
  }

  @Test
  void noRoleOrPermissionBecomesTheAdminAuthority() throws Exception {
    User ann = user("ann@example.com", false);
    User root = user("root@example.com", true);
    client.roles().grant(ann.id(), "ADMIN", root.id());
    client.roles().grant(ann.id(), "billing", root.id());
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/reports");
    request.addHeader("Authorization", "Bearer " + token("ann@example.com"));
    Authentication seen = filter(request, new MockHttpServletResponse());
    assertThat(seen).isInstanceOf(UserSdkAuthentication.class);
    assertThat(((UserSdkAuthentication) seen).getPrincipal().userId()).isEqualTo(ann.id());
    assertThat(authorities(seen))
        .contains("ROLE_billing", "reports:read")
        .doesNotContain("ROLE_ADMIN", "ROLE_ADMIN".toLowerCase(Locale.ROOT), "*")
        .as("usersdk's own permission needs a second factor here (requiredForAdmins)")
        .doesNotContain("credits:adjust");
    assertThat(seen.getCredentials()).isEqualTo("");
    assertThat(seen.toString()).doesNotContain(request.getHeader("Authorization").substring(7));
  }

  @Test
  void anAdminWithoutTheSecondFactorAdminsNeedDoesNotHoldTheAdminAuthority() throws Exception {
    user("root@example.com", true);
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/admin");
    request.addHeader("X-Auth-Token", token("root@example.com"));
    Authentication seen = filter(request, new MockHttpServletResponse());
    assertThat(((UserSdkAuthentication) seen).getPrincipal().admin()).isTrue();
    assertThat(authorities(seen)).doesNotContain(UserSdkAuthentication.ADMIN);
  }

  @Test
  void theAuthenticationIsKeptOnTheRequestForAnAsynchronousDispatch() throws Exception {
    user("ann@example.com", false);
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/slow");
    request.addHeader("X-Auth-Token", token("ann@example.com"));
    Authentication seen = filter(request, new MockHttpServletResponse());
    assertThat(new RequestAttributeSecurityContextRepository().loadDeferredContext(request).get())
        .extracting(context -> context.getAuthentication())
        .isSameAs(seen);
    assertThat(SecurityContextHolder.getContext().getAuthentication())
        .as("cleared from the thread after the request")
        .isNull();
  }

  @Test
  void aChangeCarryingACookieFromAForeignOriginIsAProblemWithoutMvc() throws Exception {
    user("ann@example.com", false);
    MockHttpServletRequest request = new MockHttpServletRequest("POST", "/auth/refresh");
    request.setCookies(new Cookie(web.getRefreshCookie(), "a-refresh-token"));
    request.addHeader("Origin", "https://evil.example.net");
    request.addHeader("Host", "api.example.com");
    MockHttpServletResponse response = new MockHttpServletResponse();
    assertThat(filter(request, response)).isNull();
    assertThat(response.getStatus()).isEqualTo(403);
    assertThat(response.getContentType()).startsWith("application/problem+json");
    assertThat(response.getContentAsString())
        .contains("\"code\":\"forbidden\"", "\"status\":403")
        .doesNotContain("a-refresh-token");
  }

  @Test
  void theServicesOwnOriginIsItsHostBehindAProxyAndAllowedOriginsAreComparedAsCorsDoes()
      throws Exception {
    user("ann@example.com", false);
    web.setAllowedOrigins(List.of("https://App.Example.com/"));
    for (String origin :
        List.of("https://api.example.com", "https://app.example.com", "HTTPS://APP.EXAMPLE.COM")) {
      MockHttpServletRequest request = new MockHttpServletRequest("PATCH", "/users/me");
      request.setServerName("10.0.0.7"); // what the server sees behind the proxy
      request.setServerPort(8080);
      request.setCookies(new Cookie(web.getTokenCookie(), token("ann@example.com")));
      request.addHeader("Origin", origin);
      request.addHeader("Host", "api.example.com");
      MockHttpServletResponse response = new MockHttpServletResponse();
      assertThat(filter(request, response)).as(origin).isNotNull();
      assertThat(response.getStatus()).as(origin).isEqualTo(200);
    }
  }

  @Test
  void cookiesAreSecureOutsideDevelopmentAndSameSiteIsChecked() {
    user("ann@example.com", false);
    Map<String, Object> login = Map.of("email", "ann@example.com", "password", PASSWORD);
    ResponseEntity<?> development = new UserSdkEndpoints(client, web).login(login);
    assertThat(development.getHeaders().get(HttpHeaders.SET_COOKIE))
        .hasSize(2)
        .allSatisfy(cookie -> assertThat(cookie).contains("HttpOnly").doesNotContain("Secure"));
    web.setSecureCookies(true);
    web.setSameSite("Strict");
    assertThat(new UserSdkEndpoints(client, web).login(login).getHeaders().get(HttpHeaders.SET_COOKIE))
        .allSatisfy(cookie -> assertThat(cookie).contains("Secure", "SameSite=Strict"));
    try (UserClient production =
        UserClient.builder()
            .stores(InMemoryStores.create())
            .config(
                UserSdkConfig.builder()
                    .auth(
                        AuthConfig.builder()
                            .jwtSecret(
                                "a-production-secret-of-32-bytes!!!"
                                    .getBytes(StandardCharsets.UTF_8))
                            .build())
                    .build())
            .build()) {
      production.auth().createUser(NewUser.email("bo@example.com").status(UserStatus.APPROVED), Password.of(PASSWORD));
      web.setSecureCookies(null);
      web.setSameSite("Lax");
      assertThat(
              new UserSdkEndpoints(production, web)
                  .login(Map.of("email", "bo@example.com", "password", PASSWORD))
                  .getHeaders()
                  .get(HttpHeaders.SET_COOKIE))
          .as("production: Secure by default")
          .allSatisfy(cookie -> assertThat(cookie).contains("Secure", "SameSite=Lax"));
    }
    web.setSameSite("Sideways");
    assertThatThrownBy(() -> new UserSdkEndpoints(client, web))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("Lax, Strict or None");
    web.setSameSite("None");
    web.setSecureCookies(false);
    assertThatThrownBy(() -> new UserSdkEndpoints(client, web))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("Secure");
  }
}
