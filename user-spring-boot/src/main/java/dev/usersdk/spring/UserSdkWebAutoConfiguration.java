package dev.usersdk.spring;

import dev.usersdk.ConfigurationException;
import dev.usersdk.UserClient;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * The HTTP side, for a servlet application with Spring MVC and Spring Security: the seeds'
 * endpoints when {@code usersdk.web.endpoints=true}, an {@link AuthenticationProvider} for usersdk
 * tokens, and, unless the application has a {@link SecurityFilterChain} of its own, a stateless
 * chain in which only {@code /health} (and the endpoints' sign-in steps, and {@code
 * usersdk.web.public-paths}) answer without a token, with CORS for exactly {@code
 * usersdk.web.allowed-origins}. Like Spring Boot's own default chain, it steps aside for any chain
 * of the application's, which then decides every path it matches (and leaves the others open).
 */
@AutoConfiguration(
    after = UserSdkAutoConfiguration.class,
    beforeName = {
      "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
      "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
      "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration"
    })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({DispatcherServlet.class, SecurityFilterChain.class, HttpSecurity.class})
@ConditionalOnBean(UserClient.class)
public class UserSdkWebAutoConfiguration {
  @Bean
  @ConditionalOnProperty(prefix = "usersdk.web", name = "endpoints", havingValue = "true")
  UserSdkEndpoints usersdkEndpoints(UserClient client, UserSdkProperties properties) {
    return new UserSdkEndpoints(client, properties.getWeb());
  }

  /**
   * For {@link UserSdkToken}s, unless the application has its own way to authenticate (an
   * authentication provider, a user details service, Spring Boot's {@code spring.security.user}):
   * it would take their place in the global authentication manager. Also what keeps Spring Boot
   * from making (and logging the password of) an in-memory user of its own.
   */
  @Bean
  @ConditionalOnMissingBean({AuthenticationProvider.class, UserDetailsService.class})
  @ConditionalOnProperty(
      prefix = "spring.security.user",
      name = "name",
      havingValue = "usersdk-never-matches",
      matchIfMissing = true)
  AuthenticationProvider usersdkAuthenticationProvider(UserClient client) {
    return new UserSdkAuthenticationProvider(client);
  }

  /**
   * Stateless, token-authenticated: no server session, no CSRF token (a header token is not sent by
   * a browser on its own; the cookie is {@code SameSite} and a change carrying it must come from a
   * known origin, see {@link TokenAuthenticationFilter}).
   */
  @Bean
  @ConditionalOnMissingBean(SecurityFilterChain.class)
  SecurityFilterChain usersdkSecurityFilterChain(HttpSecurity http, UserSdkProperties properties)
      throws Exception {
    UserSdkProperties.Web web = properties.getWeb();
    List<String> open = new ArrayList<>(List.of("/health"));
    if (web.isEndpoints()) {
      open.addAll(UserSdkEndpoints.OPEN_STEPS);
    }
    open.addAll(web.getPublicPaths());
    SameOriginAware crossOrigin = cors(web.getAllowedOrigins());
    http.cors(cors -> cors.configurationSource(crossOrigin::forRequest))
        .csrf(AbstractHttpConfigurer::disable)
        .sessionManagement(
            sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .authorizeHttpRequests(
            requests ->
                requests
                    .dispatcherTypeMatchers(DispatcherType.ERROR)
                    .permitAll()
                    .requestMatchers(open.toArray(String[]::new))
                    .permitAll()
                    .anyRequest()
                    .authenticated())
        .with(UserSdkHttpConfigurer.usersdk(), Customizer.withDefaults());
    return http.build();
  }

  /**
   * Exactly the configured origins, with credentials; none configured: no cross-origin calls. A
   * request from the service's own origin is not a cross-origin one, however a proxy that ends TLS
   * makes it look ({@link Origins#own}). Only for the starter's own chain: an application's chain
   * keeps its own CORS.
   */
  static SameOriginAware cors(List<String> allowedOrigins) {
    if (allowedOrigins.stream().anyMatch(origin -> origin.contains("*"))) {
      throw new ConfigurationException(
          "usersdk.web.allowed-origins names origins exactly: a wildcard with credentials would"
              + " let any site act as the signed-in user");
    }
    CorsConfiguration cors = new CorsConfiguration();
    cors.setAllowedOrigins(allowedOrigins);
    cors.setAllowedMethods(List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"));
    cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "X-Auth-Token"));
    cors.setExposedHeaders(List.of("X-Auth-Token", "Retry-After"));
    cors.setAllowCredentials(true);
    cors.setMaxAge(Duration.ofHours(1));
    UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
    source.registerCorsConfiguration("/**", cors);
    return new SameOriginAware(source);
  }

  /** The configured CORS rules for cross-origin requests, none for the service's own origin. */
  record SameOriginAware(UrlBasedCorsConfigurationSource rules) {
    @Nullable CorsConfiguration forRequest(HttpServletRequest request) {
      return Origins.own(request) ? null : rules.getCorsConfiguration(request);
    }
  }
}
