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
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a request by its usersdk token. A request without one goes on unauthenticated; one
 * whose token is refused goes on unauthenticated too, with the refusal kept for the entry point, so
 * a stale cookie does not stand in the way of signing in again and a protected path answers with
 * why ({@code invalid_token}, or 503 when the store is out of reach). The authentication is also
 * kept on the request, so an asynchronous dispatch (a {@code Callable}, {@code DeferredResult}) is
 * authorized as the request was.
 *
 * <p>A change (not GET, HEAD, OPTIONS) that carries a usersdk cookie, which a browser sends by
 * itself, or that goes to one of the endpoints' open steps (a forged login or logout sets or clears
 * cookies), must come from the service's own origin or one of {@code usersdk.web.allowed-origins}:
 * the cookies are {@code SameSite=Lax}, and this closes what Lax leaves open (a sibling subdomain,
 * {@code SameSite=None}, a top-level cross-site form). The service's own origin: see {@link
 * Origins#own}.
 */
final class TokenAuthenticationFilter extends OncePerRequestFilter {
  /** The request attribute holding why a presented token was refused. */
  static final String REFUSAL = TokenAuthenticationFilter.class.getName() + ".refusal";

  private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

  private final UserClient client;
  private final Tokens tokens;
  private final List<String> cookies;
  private final List<String> allowedOrigins;
  private final Problems problems;
  private final SecurityContextHolderStrategy contexts;
  private final SecurityContextRepository repository =
      new RequestAttributeSecurityContextRepository();

  TokenAuthenticationFilter(
      UserClient client,
      UserSdkProperties.Web web,
      Problems problems,
      SecurityContextHolderStrategy contexts) {
    this.client = client;
    this.tokens = new Tokens(web.getTokenCookie());
    this.cookies = List.of(web.getTokenCookie(), web.getRefreshCookie());
    this.allowedOrigins = web.getAllowedOrigins().stream().map(Origins::normal).toList();
    this.problems = problems;
    this.contexts = contexts;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (!SAFE.contains(request.getMethod())
        && (carriesCookie(request) || UserSdkEndpoints.OPEN_STEPS.contains(pathOf(request)))
        && !fromKnownOrigin(request)) {
      problems.write(
          request,
          response,
          new ForbiddenException(
              "a change that carries the session cookie, or signs in or out, must come from this"
                  + " service's origin or an allowed one"));
      return;
    }
    Tokens.Found token = tokens.of(request);
    if (token == null) {
      chain.doFilter(request, response);
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
    context.setAuthentication(UserSdkAuthentication.of(client, principal));
    contexts.setContext(context);
    repository.saveContext(context, request, response);
    try {
      chain.doFilter(request, response);
    } finally {
      contexts.clearContext();
    }
  }

  private static String pathOf(HttpServletRequest request) {
    return request.getRequestURI().substring(request.getContextPath().length());
  }

  private boolean carriesCookie(HttpServletRequest request) {
    return cookies.stream().anyMatch(name -> Tokens.cookie(request, name) != null);
  }

  /**
   * No {@code Origin} (not a browser's cross-origin call), the service's own, or an allowed one.
   */
  private boolean fromKnownOrigin(HttpServletRequest request) {
    String origin = request.getHeader("Origin");
    return origin == null
        || Origins.own(request)
        || allowedOrigins.contains(Origins.normal(origin));
  }
}
