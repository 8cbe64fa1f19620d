package dev.usersdk.spring;

import dev.usersdk.ForbiddenException;
import dev.usersdk.HttpProblem;
import dev.usersdk.UserSdkException;
import dev.usersdk.auth.InvalidTokenException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Answers from the security filters as a controller's error is answered: through Spring MVC's
 * exception resolvers, so {@link ProblemHandler} writes the same RFC 9457 document with the same
 * content negotiation.
 */
final class Problems {
  private final HandlerExceptionResolver resolver;

  Problems(HandlerExceptionResolver resolver) {
    this.resolver = resolver;
  }

  void write(HttpServletRequest request, HttpServletResponse response, UserSdkException e) {
    if (resolver.resolveException(request, response, null, e) == null) {
      response.setStatus(HttpProblem.of(e).status()); // no resolver took it: bare
    }
  }

  /** No authentication: why the presented token was refused, else that there was none. */
  AuthenticationEntryPoint entryPoint() {
    return (HttpServletRequest request,
        HttpServletResponse response,
        AuthenticationException unused) -> {
      Object refusal = request.getAttribute(TokenAuthenticationFilter.REFUSAL);
      write(
          request,
          response,
          refusal instanceof UserSdkException refused
              ? refused
              : new InvalidTokenException("this needs a signed-in user: no token was sent"));
    };
  }

  /** Authenticated, not allowed. */
  AccessDeniedHandler accessDenied() {
    return (request, response, unused) ->
        write(request, response, new ForbiddenException("the signed-in user may not do this"));
  }
}
