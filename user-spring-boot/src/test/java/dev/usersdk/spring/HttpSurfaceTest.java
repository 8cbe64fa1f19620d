package dev.usersdk.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usersdk.HttpProblem;
import dev.usersdk.UserSdkException;
import dev.usersdk.auth.password.Password;
import dev.usersdk.testkit.ErrorSamples;
import dev.usersdk.user.NewUser;
import dev.usersdk.user.UserStatus;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.config.annotation.authentication.configuration.AuthenticationConfiguration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What the starter's HTTP surface promises besides the flow, on H2: every usersdk exception type as
 * its problem, only {@code /health} (and the sign-in steps) open, CORS for exactly the configured
 * origins, cookie-authenticated changes only from known origins, and a stale cookie that does not
 * stand in the way of signing in.
 */
class HttpSurfaceTest extends StarterHttp {
  @Autowired ApplicationContext context;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> "jdbc:h2:mem:surface_" + UUID.randomUUID());
  }

  private String signedIn(String name) {
    String email = unique(name);
    client
        .auth()
        .createUser(NewUser.email(email).status(UserStatus.APPROVED), Password.of(PASSWORD));
    return client.auth().login(email, Password.of(PASSWORD)).accessToken();
  }

  @Test
  void everyExceptionTypeFromAControllerAnswersItsStatusAsAProblem() throws Exception {
    String token = signedIn("samples");
    List<Map.Entry<UserSdkException, Integer>> samples =
        new ArrayList<>(ErrorSamples.withStatuses().entrySet());
    assertThat(samples).hasSizeGreaterThan(25);
    for (int i = 0; i < samples.size(); i++) {
      UserSdkException e = samples.get(i).getKey();
      int status = samples.get(i).getValue();
      HttpResponse<String> response = send("GET", "/fail/" + i, null, "X-Auth-Token", token);
      String what = e.getClass().getSimpleName() + " " + e.code();
      isProblem(response, status, e.code());
      assertThat(response.headers().firstValue("Retry-After"))
          .as(what)
          .isEqualTo(HttpProblem.of(e).retryAfter().map(wait -> String.valueOf(wait.toSeconds())));
      if (status == 500) {
        assertThat(response.body()).as(what).doesNotContain(e.getMessage()).contains("internal error");
      } else {
        assertThat(response.body()).as(what).contains("\"detail\":");
      }
    }
  }

  @Test
  void onlyHealthAndTheSignInStepsAnswerWithoutAToken() throws Exception {
    assertThat(send("GET", "/health", null).statusCode()).isEqualTo(200);
    for (String path : List.of("/hello", "/users/me", "/auth/me", "/fail/0", "/no/such/path")) {
      isProblem(send("GET", path, null), 401, "invalid_token");
    }
    assertThat(send("POST", "/auth/logout", null).statusCode())
        .as("signing out needs no valid token")
        .isEqualTo(204);
    HttpResponse<String> forged = send("GET", "/hello", null, "Authorization", "Bearer not.a.token");
    isProblem(forged, 401, "invalid_token");
    assertThat(forged.body()).doesNotContain("not.a.token");
    // a sign-in step is open, and answers its own errors
    isProblem(send("POST", "/auth/login", "{\"email\":\"x@example.com\"}"), 422, "validation_failed");
  }

  @Test
  void anAsynchronousAnswerIsAuthorizedAsItsRequestWas() throws Exception {
    HttpResponse<String> slow = send("GET", "/slow", null, "X-Auth-Token", signedIn("async"));
    assertThat(slow.statusCode()).as(slow.body()).isEqualTo(200);
    assertThat(slow.body()).contains("\"later\"");
  }

  @Test
  void bootMakesNoInMemoryUserOfItsOwn() {
    assertThat(context.getBeansOfType(UserDetailsService.class)).isEmpty();
    assertThat(context.getBean(AuthenticationProvider.class))
        .isInstanceOf(UserSdkAuthenticationProvider.class);
  }

  @Test
  void theAuthenticationManagerAuthenticatesAUsersdkToken() {
    String token = signedIn("manager");
    Authentication done =
        context.getBean(AuthenticationConfiguration.class).getAuthenticationManager()
            .authenticate(new UserSdkToken(token));
    assertThat(done).isInstanceOf(UserSdkAuthentication.class);
    assertThat(done.isAuthenticated()).isTrue();
    assertThatThrownBy(
            () ->
                context.getBean(AuthenticationConfiguration.class).getAuthenticationManager()
                    .authenticate(new UserSdkToken("not.a.token")))
        .isInstanceOf(BadCredentialsException.class)
        .hasMessage("invalid_token");
    assertThat(new UserSdkToken(token).toString()).doesNotContain(token);
  }

  /** A new user signed in over HTTP: its refresh cookie, as a Cookie header's value. */
  private String refreshCookieOf(String name) throws Exception {
    String email = unique(name);
    client
        .auth()
        .createUser(NewUser.email(email).status(UserStatus.APPROVED), Password.of(PASSWORD));
    HttpResponse<String> login =
        send("POST", "/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}");
    return REFRESH + "=" + value(cookie(login, REFRESH));
  }

  @Test
  void logoutWorksWithTheRefreshCookieAloneAndEndsIt() throws Exception {
    String refresh = refreshCookieOf("leaving");
    HttpResponse<String> logout =
        send("POST", "/auth/logout", null, "Cookie", refresh);
    assertThat(logout.statusCode()).isEqualTo(204);
    assertThat(cookie(logout, TOKEN)).contains("Max-Age=0");
    isProblem(send("POST", "/auth/refresh", null, "Cookie", refresh), 401, "invalid_token");
  }

  @Test
  void aCookieFromAForeignOriginCannotRefreshOrSignOut() throws Exception {
    String refresh = refreshCookieOf("victim");
    for (String path : List.of("/auth/refresh", "/auth/logout")) {
      assertThat(
              send("POST", path, null, "Cookie", refresh, "Origin", "https://evil.example.net")
                  .statusCode())
          .as(path)
          .isEqualTo(403);
    }
    HttpResponse<String> own =
        send("POST", "/auth/refresh", null, "Cookie", refresh, "Origin", "http://localhost:" + port);
    assertThat(own.statusCode()).as("from its own origin: " + own.body()).isEqualTo(200);
  }

  @Test
  void theServicesOwnOriginBehindAProxyThatEndsTlsIsNotCrossOrigin() throws Exception {
    String cookie = TOKEN + "=" + signedIn("proxied");
    HttpResponse<String> own =
        send(
            "PATCH",
            "/users/me",
            "{\"company\":\"Own\"}",
            "Cookie",
            cookie,
            "Origin",
            "https://localhost:" + port);
    assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
    HttpResponse<String> browserSays =
        send(
            "PATCH",
            "/users/me",
            "{\"company\":\"Own\"}",
            "Cookie",
            cookie,
            "Origin",
            "https://app.internal",
            "Sec-Fetch-Site",
            "same-origin");
    assertThat(browserSays.statusCode()).as(browserSays.body()).isEqualTo(200);
  }

  @Test
  void aStaleCookieDoesNotStandInTheWayOfSigningIn() throws Exception {
    String email = unique("stale");
    client
        .auth()
        .createUser(NewUser.email(email).status(UserStatus.APPROVED), Password.of(PASSWORD));
    HttpResponse<String> login =
        send(
            "POST",
            "/auth/login",
            "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}",
            "Cookie",
            TOKEN + "=expired.or.revoked.token",
            "Origin",
            "http://localhost:" + port);
    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
  }

  @Test
  void corsAllowsExactlyTheConfiguredOrigins() throws Exception {
    HttpResponse<String> allowed = send("GET", "/health", null, "Origin", ORIGIN);
    assertThat(allowed.statusCode()).isEqualTo(200);
    assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).contains(ORIGIN);
    assertThat(allowed.headers().firstValue("Access-Control-Allow-Credentials")).contains("true");
    HttpResponse<String> other = send("GET", "/health", null, "Origin", "https://evil.example.net");
    assertThat(other.statusCode()).isEqualTo(403);
    assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    HttpResponse<String> preflight =
        send(
            "OPTIONS",
            "/users/me",
            null,
            "Origin",
            ORIGIN,
            "Access-Control-Request-Method",
            "PATCH",
            "Access-Control-Request-Headers",
            "content-type");
    assertThat(preflight.statusCode()).isEqualTo(200);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).contains(ORIGIN);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods"))
        .hasValueSatisfying(methods -> assertThat(methods).contains("PATCH"));
    HttpResponse<String> foreignPreflight =
        send(
            "OPTIONS",
            "/users/me",
            null,
            "Origin",
            "https://evil.example.net",
            "Access-Control-Request-Method",
            "PATCH");
    assertThat(foreignPreflight.statusCode()).isEqualTo(403);
    assertThat(foreignPreflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  @Test
  void aChangeFromAForeignOriginIsRefusedBeforeItIsMade() throws Exception {
    String token = signedIn("csrf");
    String cookie = TOKEN + "=" + token;
    String patch = "{\"company\":\"Evil Corp\"}";
    HttpResponse<String> foreign =
        send(
            "PATCH",
            "/users/me",
            patch,
            "Cookie",
            cookie,
            "Origin",
            "https://app.example.com.evil.net");
    assertThat(foreign.statusCode()).isEqualTo(403);
    assertThat(send("GET", "/users/me", null, "Cookie", cookie).body())
        .doesNotContain("Evil Corp");
    assertThat(send("PATCH", "/users/me", patch, "Cookie", cookie, "Origin", ORIGIN).statusCode())
        .isEqualTo(200);
  }
}
