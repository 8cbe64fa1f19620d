package dev.usersdk.spring;

import dev.usersdk.UserClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * The HTTP side, for a servlet application with Spring MVC and Spring Security: usersdk errors as
 * RFC 9457 problems, CORS for exactly {@code usersdk.web.allowed-origins}, the seeds' endpoints
 * when {@code usersdk.web.endpoints=true}, and, unless the application has a {@link
 * SecurityFilterChain} of its own, a stateless chain in which only {@code /health} (and the sign-in
 * steps of the endpoints, and {@code usersdk.web.public-paths}) answer without a token.
 */
@AutoConfiguration(
    after = UserSdkAutoConfiguration.class,
    beforeName =
        "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({DispatcherServlet.class, SecurityFilterChain.class, HttpSecurity.class})
@ConditionalOnBean(UserClient.class)
public class UserSdkWebAutoConfiguration {
  @Bean
  ProblemHandler usersdkProblemHandler() {
    return new ProblemHandler();
  }

  @Bean
  @ConditionalOnProperty(prefix = "usersdk.web", name = "endpoints", havingValue = "true")
  UserSdkEndpoints usersdkEndpoints(UserClient client, UserSdkProperties properties) {
    return new UserSdkEndpoints(client, properties.getWeb());
  }

  /** Exactly the configured origins, with credentials; none configured: no cross-origin calls. */
  @Bean
  @ConditionalOnMissingBean(name = "corsConfigurationSource")
  CorsConfigurationSource corsConfigurationSource(UserSdkProperties properties) {
    CorsConfiguration cors = new CorsConfiguration();
    cors.setAllowedOrigins(properties.getWeb().getAllowedOrigins());
    cors.setAllowedMethods(List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"));
    cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "X-Auth-Token"));
    cors.setExposedHeaders(List.of("X-Auth-Token", "Retry-After"));
    cors.setAllowCredentials(true);
    cors.setMaxAge(Duration.ofHours(1));
    UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
    source.registerCorsConfiguration("/**", cors);
    return source;
  }

  /**
   * Stateless, token-authenticated: no server session, no CSRF token (a header token is not sent by
   * a browser on its own; the cookie is {@code SameSite} and a cookie-authenticated change must
   * come from a known origin, see {@link TokenAuthenticationFilter}).
   */
  @Bean
  @ConditionalOnMissingBean(SecurityFilterChain.class)
  SecurityFilterChain usersdkSecurityFilterChain(HttpSecurity http, UserSdkProperties properties)
      throws Exception {
    List<String> open = new ArrayList<>(List.of("/health", "/error"));
    if (properties.getWeb().isEndpoints()) {
      open.addAll(UserSdkEndpoints.SIGN_IN_STEPS);
    }
    open.addAll(properties.getWeb().getPublicPaths());
    http.cors(Customizer.withDefaults())
        .csrf(AbstractHttpConfigurer::disable)
        .sessionManagement(
            sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .authorizeHttpRequests(
            requests ->
                requests
                    .requestMatchers(open.toArray(String[]::new))
                    .permitAll()
                    .anyRequest()
                    .authenticated())
        .with(UserSdkHttpConfigurer.usersdk(), Customizer.withDefaults());
    return http.build();
  }
}
