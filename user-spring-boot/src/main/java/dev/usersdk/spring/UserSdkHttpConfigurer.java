package dev.usersdk.spring;

import dev.usersdk.UserClient;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.ApplicationContext;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * usersdk's authentication in a security filter chain of the application's own: the token filter
 * (bearer header, {@code X-Auth-Token} or the session cookie, checked by {@code
 * client.auth().authenticate}), and 401 / 403 answered as RFC 9457 problems. The starter's own
 * chain applies it; an application with its own chain writes {@code
 * http.with(UserSdkHttpConfigurer.usersdk(), Customizer.withDefaults())} and keeps its other
 * choices (CSRF, CORS, sessions, which paths are open, its own entry point for pages) to itself.
 */
public final class UserSdkHttpConfigurer
    extends AbstractHttpConfigurer<UserSdkHttpConfigurer, HttpSecurity> {
  private UserSdkHttpConfigurer() {}

  public static UserSdkHttpConfigurer usersdk() {
    return new UserSdkHttpConfigurer();
  }

  @Override
  public void init(HttpSecurity http) {
    Problems problems = problems(http);
    // Defaults for API calls, so an application's own entry point (a form login's redirect for
    // pages) keeps answering what it answered; alone, they answer every request.
    http.exceptionHandling(
        handling ->
            handling
                .defaultAuthenticationEntryPointFor(
                    problems.entryPoint(), UserSdkHttpConfigurer::notAPage)
                .defaultAccessDeniedHandlerFor(
                    problems.accessDenied(), UserSdkHttpConfigurer::notAPage));
  }

  @Override
  public void configure(HttpSecurity http) {
    ApplicationContext context = http.getSharedObject(ApplicationContext.class);
    UserSdkProperties.Web web = context.getBean(UserSdkProperties.class).getWeb();
    http.addFilterBefore(
        new TokenAuthenticationFilter(
            context.getBean(UserClient.class),
            web,
            problems(http),
            getSecurityContextHolderStrategy()),
        AnonymousAuthenticationFilter.class);
  }

  /** Not a browser's page navigation: a call that takes JSON, or anything but HTML. */
  private static boolean notAPage(HttpServletRequest request) {
    String accept = request.getHeader("Accept");
    return accept == null || !accept.contains("text/html");
  }

  private static Problems problems(HttpSecurity http) {
    return new Problems(
        http.getSharedObject(ApplicationContext.class)
            .getBean("handlerExceptionResolver", HandlerExceptionResolver.class));
  }
}
