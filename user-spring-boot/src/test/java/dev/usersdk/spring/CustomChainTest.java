package dev.usersdk.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.usersdk.auth.password.Password;
import dev.usersdk.user.NewUser;
import dev.usersdk.user.UserStatus;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application with a security filter chain of its own: the starter's chain backs off, {@link
 * UserSdkHttpConfigurer} brings usersdk's authentication into the application's chain, admin is an
 * authority Spring Security checks, and its refusals are problems too.
 */
@Import(CustomChainTest.OwnChain.class)
class CustomChainTest extends StarterHttp {
  @Autowired ApplicationContext context;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> "jdbc:h2:mem:chain_" + UUID.randomUUID());
  }

  @TestConfiguration
  static class OwnChain {
    @Bean
    SecurityFilterChain ownChain(HttpSecurity http) throws Exception {
      // usersdk first: its problems are then the answer for API calls without credentials, and
      // HTTP Basic still signs in the application's own operators.
      http.with(UserSdkHttpConfigurer.usersdk(), Customizer.withDefaults())
          .csrf(AbstractHttpConfigurer::disable)
          .httpBasic(Customizer.withDefaults())
          .authorizeHttpRequests(
              requests ->
                  requests
                      .requestMatchers("/open", "/auth/login", "/error")
                      .permitAll()
                      .requestMatchers("/admin/**")
                      .hasRole("ADMIN")
                      .anyRequest()
                      .authenticated());
      return http.build();
    }

    /** The application's own users, for HTTP Basic beside usersdk's tokens. */
    @Bean
    UserDetailsService operators() {
      return new InMemoryUserDetailsManager(
          User.withUsername("ops").password("{noop}ops-password").roles("OPS").build());
    }

    @RestController
    static class Pages {
      @GetMapping("/open")
      Map<String, String> open() {
        return Map.of("open", "yes");
      }

      @GetMapping("/ops")
      Map<String, String> ops() {
        return Map.of("ops", "yes");
      }

      @GetMapping("/admin/report")
      Map<String, String> report() {
        return Map.of("report", "secret numbers");
      }

      @PatchMapping("/note")
      Map<String, String> note() {
        return Map.of("noted", "yes");
      }
    }
  }

  private String signedIn(boolean admin) {
    String email = unique(admin ? "root" : "member");
    client
        .auth()
        .createUser(
            NewUser.email(email).admin(admin).status(UserStatus.APPROVED), Password.of(PASSWORD));
    return client.auth().login(email, Password.of(PASSWORD)).accessToken();
  }

  @Test
  void theApplicationsChainDecidesAndUsersdkAuthenticates() throws Exception {
    assertThat(send("GET", "/open", null).statusCode()).isEqualTo(200);
    isProblem(send("GET", "/health", null), 401, "invalid_token"); // open only in the starter's
    isProblem(send("GET", "/admin/report", null), 401, "invalid_token");
    isProblem(
        send("GET", "/admin/report", null, "X-Auth-Token", signedIn(false)), 403, "forbidden");
    HttpResponse<String> report =
        send("GET", "/admin/report", null, "Authorization", "Bearer " + signedIn(true));
    assertThat(report.statusCode()).isEqualTo(200);
    assertThat(report.body()).contains("secret numbers");
  }

  @Test
  void theApplicationsOwnUsersStillSignInBesideUsersdksTokens() throws Exception {
    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString("ops:ops-password".getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> ops = send("GET", "/ops", null, "Authorization", basic);
    assertThat(ops.statusCode()).as("HTTP Basic by the application's UserDetailsService").isEqualTo(200);
    assertThat(send("GET", "/ops", null, "Authorization", "Basic b3BzOndyb25n").statusCode())
        .as("a wrong password")
        .isEqualTo(401);
    assertThat(context.getBeansOfType(UserSdkAuthenticationProvider.class))
        .as("usersdk's provider steps aside for the application's users")
        .isEmpty();
    assertThat(send("GET", "/open", null, "X-Auth-Token", signedIn(false)).statusCode())
        .isEqualTo(200);
  }

  @Test
  void withoutCorsAChangeByCookieStillComesOnlyFromAKnownOrigin() throws Exception {
    String cookie = TOKEN + "=" + signedIn(false);
    isProblem(
        send("PATCH", "/note", null, "Cookie", cookie, "Origin", "https://evil.example.net"),
        403,
        "forbidden");
    assertThat(send("PATCH", "/note", null, "Cookie", cookie, "Origin", ORIGIN).statusCode())
        .isEqualTo(200);
    assertThat(
            send("PATCH", "/note", null, "Cookie", cookie, "Origin", "http://localhost:" + port)
                .statusCode())
        .as("the service's own origin")
        .isEqualTo(200);
    assertThat(
            send("PATCH", "/note", null, "Cookie", cookie, "Origin", "https://localhost:" + port)
                .statusCode())
        .as("its own host behind a proxy that ends TLS")
        .isEqualTo(200);
    assertThat(send("GET", "/users/me", null, "Cookie", cookie, "Origin", "https://evil.example.net")
            .statusCode())
        .as("a read is left to CORS")
        .isEqualTo(200);
  }
}
