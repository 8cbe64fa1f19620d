package dev.usersdk.spring;

import dev.usersdk.ForbiddenException;
import dev.usersdk.UserClient;
import dev.usersdk.UserSdkException;
import dev.usersdk.auth.Principal;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a request by its usersdk token. A request without one goes on unauthenticated; one
 * whose token is refused goes on unauthenticated too, with the refusal kept for the entry point, so
 * a stale cookie does not stand in the way of signing in again and a protected path answers with
 * why ({@code invalid_token}, or 503 when the store is out of reach). A cookie-authenticated change
 * (not GET, HEAD, OPTIONS) must come from the service's own origin or an allowed one: the cookie is
 * {@code SameSite=Lax}, and this closes what Lax leaves open (a sibling subdomain, {@code
 * SameSite=None}).
 */
final class TokenAuthenticationFilter extends OncePerRequestFilter {
  /** The request attribute holding why a presented token was refused. */
  static final String REFUSAL = TokenAuthenticationFilter.class.getName() + ".refusal";

  private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

  private final UserClient client;
  private final Tokens tokens;
  private final List<String> allowedOrigins;
  private final Problems problems;
  private final SecurityContextHolderStrategy contexts;

  TokenAuthenticationFilter(
      UserClient client,
      Tokens tokens,
      List<String> allowedOrigins,
      Problems problems,
      SecurityContextHolderStrategy contexts) {
    this.client = client;
    this.tokens = tokens;
    this.allowedOrigins = List.copyOf(allowedOrigins);
    this.problems = problems;
    this.contexts = contexts;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Tokens.Found token = tokens.of(request);
    if (token == null) {
      chain.doFilter(request, response);
      return;
    }
    if (token.fromCookie() && !SAFE.contains(request.getMethod()) && !fromKnownOrigin(request)) {
      problems.write(
          request,
          response,
          new ForbiddenException(
              "a change authenticated by cookie must come from this service's origin or an"
                  + " allowed one"));
      return;
    }
    Principal principal;
    try {
      principal = client.auth().authenticate(token.value());
    } catch (UserSdkException refused) {
      request.setAttribute(REFUSAL, refused);
      chain.doFilter(request, response);
      return;
    }
    SecurityContext context = contexts.createEmptyContext();
    context.setAuthentication(new UserSdkAuthentication(principal));
    contexts.setContext(context);
    try {
      chain.doFilter(request, response);
    } finally {
      contexts.clearContext();
    }
  }

  /**
   * No {@code Origin} (not a browser's cross-origin call), the service's own, or an allowed one.
   */
  private boolean fromKnownOrigin(HttpServletRequest request) {
    String origin = request.getHeader("Origin");
    if (origin == null) {
      return true;
    }
    String own = request.getScheme() + "://" + request.getServerName() + port(request);
    return origin.equalsIgnoreCase(own) || allowedOrigins.contains(origin);
  }

  private static String port(HttpServletRequest request) {
    int port = request.getServerPort();
    boolean standard =
        ("http".equals(request.getScheme()) && port == 80)
            || ("https".equals(request.getScheme()) && port == 443);
    return standard ? "" : ":" + port;
  }
}
