package dev.usersdk.spring;

import dev.usersdk.ForbiddenException;
import dev.usersdk.HttpProblem;
import dev.usersdk.UserSdkException;
import dev.usersdk.auth.InvalidTokenException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * Answers from the security filters as a controller's error is answered: through Spring MVC's
 * exception resolvers, so {@link ProblemHandler} writes the same RFC 9457 document with the same
 * content negotiation; should no resolver write it, the problem is written here.
 */
final class Problems {
  private final HandlerExceptionResolver resolver;

  Problems(HandlerExceptionResolver resolver) {
    this.resolver = resolver;
  }

  void write(HttpServletRequest request, HttpServletResponse response, UserSdkException e)
      throws IOException {
    ModelAndView answered = resolver.resolveException(request, response, null, e);
    if ((answered != null && answered.isEmpty()) || response.isCommitted()) {
      return; // written by ProblemHandler (or the client is gone)
    }
    HttpProblem problem = HttpProblem.of(e);
    response.resetBuffer();
    response.setStatus(problem.status());
    problem
        .retryAfter()
        .ifPresent(wait -> response.setHeader("Retry-After", String.valueOf(wait.toSeconds())));
    response.setContentType("application/problem+json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response
        .getWriter()
        .write(
            "{\"type\":"
                + quoted(problem.type().toString())
                + ",\"title\":"
                + quoted(problem.title())
                + ",\"status\":"
                + problem.status()
                + ",\"detail\":"
                + quoted(problem.detail())
                + ",\"code\":"
                + quoted(problem.code())
                + problem.field().map(field -> ",\"field\":" + quoted(field)).orElse("")
                + "}");
  }

  private static String quoted(String text) {
    StringBuilder json = new StringBuilder("\"");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        json.append('\\').append(c);
      } else if (c < 0x20) {
        json.append(String.format("\\u%04x", (int) c));
      } else {
        json.append(c);
      }
    }
    return json.append('"').toString();
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
