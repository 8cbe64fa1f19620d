package dev.usersdk.examples;

import dev.usersdk.ForbiddenException;
import dev.usersdk.HttpProblem;
import dev.usersdk.UserClient;
import dev.usersdk.UserSdkException;
import dev.usersdk.ValidationException;
import dev.usersdk.auth.InvalidTokenException;
import dev.usersdk.auth.Principal;
import dev.usersdk.auth.Session;
import dev.usersdk.auth.password.Password;
import dev.usersdk.ledger.Balance;
import dev.usersdk.user.ProfileUpdate;
import dev.usersdk.user.User;
import dev.usersdk.user.UserId;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The seeds' HTTP API on Javalin 7, in one file to copy: registration by emailed code, login
 * answering with an {@code HttpOnly} cookie and an {@code X-Auth-Token} header, logout (the token's
 * jti revoked), the current user, password reset, {@code /users/me} read and patched, an admin-only
 * balance, and every usersdk error as an RFC 9457 problem. Only {@code /health} and the sign-in
 * steps answer without a token.
 */
public final class JavalinRecipe {
  /** The access token's cookie (every path). */
  public static final String TOKEN_COOKIE = "usersdk_token";

  /** The refresh token's cookie: sent only to {@code /auth/refresh} and {@code /auth/logout}. */
  public static final String REFRESH_COOKIE = "usersdk_refresh";

  /** Who a request is, once authenticated: set by the guard, read by the handlers. */
  private static final String PRINCIPAL = "usersdk.principal";

  /** The profile fields a user may change about themselves; anything else is a 422. */
  private static final Set<String> SELF_EDITABLE = Set.of("name", "company", "phone", "telegram");

  /** What answers without a token. */
  private static final Set<String> PUBLIC =
      Set.of(
          "/health",
          "/auth/register/request",
          "/auth/register/confirm",
          "/auth/login",
          "/auth/refresh",
          "/auth/logout",
          "/auth/password/reset/request",
          "/auth/password/reset/confirm");

  private JavalinRecipe() {}

  /**
   * The service, not started: {@code JavalinRecipe.create(client, origins, false).start(8080)}.
   *
   * @param allowedOrigins the browser origins allowed to call with credentials (CORS); none: no
   *     CORS
   * @param development cookies without {@code Secure}, for plain-HTTP local work
   */
  public static Javalin create(
      UserClient client, List<String> allowedOrigins, boolean development) {
    Cookies cookies = new Cookies(development);
    List<String> origins = allowedOrigins.stream().map(JavalinRecipe::normalOrigin).toList();
    if (origins.stream().anyMatch(origin -> origin.contains("*"))) {
      throw new IllegalArgumentException("allowed origins are exact: no wildcard with credentials");
    }
    return Javalin.create(
        config -> {
          // A JSON body only as JSON: a cross-site text/plain form cannot post a login.
          config.http.strictContentTypes = true;
          if (!allowedOrigins.isEmpty()) {
            config.bundledPlugins.enableCors(
                cors ->
                    cors.addRule(
                        rule -> {
                          rule.allowHost(
                              allowedOrigins.get(0),
                              allowedOrigins
                                  .subList(1, allowedOrigins.size())
                                  .toArray(String[]::new));
                          rule.allowCredentials = true;
                          rule.exposeHeader("X-Auth-Token");
                          rule.exposeHeader("Retry-After");
                        }));
          }
          config.routes.before(
              ctx -> {
                refuseForeignChanges(ctx, origins);
                if (!PUBLIC.contains(ctx.path()) && !"OPTIONS".equals(ctx.method().name())) {
                  ctx.attribute(PRINCIPAL, client.auth().authenticate(token(ctx)));
                }
              });

          config.routes.get(
              "/health",
              ctx -> {
                boolean ready = client.health().ready();
                ctx.status(ready ? 200 : 503).json(Map.of("status", ready ? "UP" : "DOWN"));
              });

          config.routes.post(
              "/auth/register/request",
              ctx -> {
                Map<String, Object> body = body(ctx);
                client
                    .auth()
                    .register(
                        text(body, "email"),
                        Password.of(text(body, "password")),
                        optional(body, "name"));
                ctx.status(202).json(Map.of("status", "code_sent"));
              });
          config.routes.post(
              "/auth/register/confirm",
              ctx -> {
                Map<String, Object> body = body(ctx);
                User user =
                    client.auth().confirmRegistration(text(body, "email"), text(body, "code"));
                ctx.status(201).json(user(client, user));
              });
          config.routes.post(
              "/auth/login",
              ctx -> {
                Map<String, Object> body = body(ctx);
                Session session =
                    client.auth().login(text(body, "email"), Password.of(text(body, "password")));
                cookies.signedIn(ctx, session);
              });
          config.routes.post(
              "/auth/refresh",
              ctx -> {
                String refresh = ctx.cookie(REFRESH_COOKIE);
                if (refresh == null) {
                  throw new InvalidTokenException("no refresh token");
                }
                Session session = client.auth().refresh(refresh);
                cookies.signedIn(ctx, session);
              });
          config.routes.post(
              "/auth/logout",
              ctx -> {
                // The access token's session (its jti revoked; an expired token still ends it) and
                // the refresh cookie's, whichever came: a lapsed access cookie still signs out.
                endQuietly(presentedToken(ctx), client.auth()::logout);
                endQuietly(ctx.cookie(REFRESH_COOKIE), client.auth()::logoutRefreshToken);
                cookies.signedOut(ctx);
                ctx.status(204);
              });
          config.routes.get("/auth/me", ctx -> ctx.json(user(client, principal(ctx).user())));
          config.routes.post(
              "/auth/password/reset/request",
              ctx -> {
                client.auth().requestPasswordReset(text(body(ctx), "email")); // same answer for all
                ctx.status(202).json(Map.of("status", "link_sent_if_known"));
              });
          config.routes.post(
              "/auth/password/reset/confirm",
              ctx -> {
                Map<String, Object> body = body(ctx);
                client
                    .auth()
                    .resetPassword(text(body, "token"), Password.of(text(body, "password")));
                ctx.status(204);
              });

          config.routes.get("/users/me", ctx -> ctx.json(user(client, principal(ctx).user())));
          config.routes.patch(
              "/users/me",
              ctx -> {
                Map<String, Object> body = body(ctx);
                for (String field : body.keySet()) {
                  if (!SELF_EDITABLE.contains(field)) {
                    throw new ValidationException(field, field + " is not yours to change");
                  }
                }
                Map<String, String> changes = new LinkedHashMap<>();
                body.forEach(
                    (field, value) -> changes.put(field, value == null ? null : value.toString()));
                User updated =
                    client
                        .users()
                        .updateProfile(principal(ctx).userId(), ProfileUpdate.fromMap(changes));
                ctx.json(user(client, updated));
              });
          config.routes.get(
              "/users/{id}/balance",
              ctx -> {
                client.auth().requireAdmin(principal(ctx)); // 403 for everyone else
                Balance balance = client.ledger().balance(UserId.parse(ctx.pathParam("id")));
                ctx.json(
                    Map.of(
                        "available",
                        balance.available().toString(),
                        "held",
                        balance.held().toString()));
              });

          config.routes.exception(UserSdkException.class, (e, ctx) -> Problems.answer(ctx, e));
        });
  }

  /**
   * A change that carries a session cookie (which a browser sends by itself), or that goes to a
   * sign-in step or logout (a forged one sets or clears cookies), must come from this service's
   * origin (its host is the request's {@code Host}) or an allowed one: {@code SameSite=Lax} keeps
   * the cookies off other sites' posts, this also off a sibling subdomain's. A request without
   * {@code Origin} is not a browser's cross-origin call. (Javalin's CORS plugin answers 400 to an
   * origin it does not list, the service's own included: list it if browsers call it.)
   */
  private static void refuseForeignChanges(Context ctx, List<String> allowedOrigins) {
    String origin = ctx.header("Origin");
    boolean carriesCookie = ctx.cookie(TOKEN_COOKIE) != null || ctx.cookie(REFRESH_COOKIE) != null;
    if ((carriesCookie || PUBLIC.contains(ctx.path()))
        && !Set.of("GET", "HEAD", "OPTIONS").contains(ctx.method().name())
        && origin != null
        && !"same-origin".equals(ctx.header("Sec-Fetch-Site"))
        && !origin.equalsIgnoreCase("http://" + ctx.host())
        && !origin.equalsIgnoreCase("https://" + ctx.host())
        && !allowedOrigins.contains(normalOrigin(origin))) {
      throw new ForbiddenException(
          "a change that carries the session cookie, or signs in or out, must come from this"
              + " service's origin or an allowed one");
    }
  }

  /** An origin as CORS compares it: lower case, without a trailing slash. */
  private static String normalOrigin(String origin) {
    String trimmed = origin.strip().toLowerCase(Locale.ROOT);
    return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
  }

  /** {@code Authorization: Bearer}, else {@code X-Auth-Token}, else the cookie. */
  private static String token(Context ctx) {
    String token = presentedToken(ctx);
    if (token == null) {
      throw new InvalidTokenException("no token");
    }
    return token;
  }

  /** Ends a session if the token is there and ours; a forged or ended one has none to end. */
  private static void endQuietly(@Nullable String token, Consumer<String> logout) {
    if (token == null) {
      return;
    }
    try {
      logout.accept(token);
    } catch (InvalidTokenException notOurs) {
      // nothing to end
    }
  }

  /** The token the request carries, if any. */
  private static @Nullable String presentedToken(Context ctx) {
    String authorization = ctx.header("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return authorization.substring(7).strip();
    }
    String header = ctx.header("X-Auth-Token");
    if (header != null && !header.isBlank()) {
      return header.strip();
    }
    String cookie = ctx.cookie(TOKEN_COOKIE);
    return cookie != null && !cookie.isBlank() ? cookie : null;
  }

  private static Principal principal(Context ctx) {
    return ctx.attribute(PRINCIPAL);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> body(Context ctx) {
    try {
      Map<String, Object> body = ctx.bodyAsClass(Map.class);
      return body == null ? Map.of() : body;
    } catch (Exception e) { // Jackson's parse errors are checked exceptions, thrown through Kotlin
      throw new ValidationException("body", "the body must be a JSON object");
    }
  }

  private static String text(Map<String, Object> body, String field) {
    Object value = body.get(field);
    if (!(value instanceof String text) || text.isBlank()) {
      throw new ValidationException(field, field + " is required");
    }
    return text;
  }

  private static String optional(Map<String, Object> body, String field) {
    Object value = body.get(field);
    return value instanceof String text && !text.isBlank() ? text : null;
  }

  /** A user as {@code /users/me} shows it: no hash, no token, nothing internal. */
  private static Map<String, Object> user(UserClient client, User user) {
    User shown = client.users().withAdminFlag(user);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", shown.id().toString());
    json.put("email", shown.email().map(Object::toString).orElse(null));
    json.put("status", shown.status().name());
    json.put("admin", shown.admin());
    json.put("name", shown.profile().name());
    json.put("company", shown.profile().company());
    json.put("phone", shown.profile().phone());
    json.put("telegram", shown.profile().telegram());
    return json;
  }

  /**
   * The session's cookies: the access token on every path and the refresh token only where it is
   * used, both {@code HttpOnly}, {@code SameSite=Lax} (a cross-site form post carries neither), and
   * {@code Secure} outside development.
   */
  private record Cookies(boolean development) {
    /** Both cookies, the header, and the token in the body for clients that keep it themselves. */
    void signedIn(Context ctx, Session session) {
      Instant now = Instant.now();
      ctx.cookie(
          cookie(
              TOKEN_COOKIE,
              session.accessToken(),
              "/",
              secondsUntil(session.accessTokenExpiresAt(), now)));
      ctx.cookie(
          cookie(
              REFRESH_COOKIE,
              session.refreshToken(),
              "/auth",
              secondsUntil(session.refreshTokenExpiresAt(), now)));
      ctx.header("X-Auth-Token", session.accessToken());
      ctx.json(
          Map.of(
              "access_token",
              session.accessToken(),
              "expires_at",
              session.accessTokenExpiresAt().toString()));
    }

    void signedOut(Context ctx) {
      ctx.cookie(cookie(TOKEN_COOKIE, "", "/", 0));
      ctx.cookie(cookie(REFRESH_COOKIE, "", "/auth", 0));
    }

    private Cookie cookie(String name, String value, String path, int maxAge) {
      return new Cookie(name, value, path, maxAge, !development, true, null, SameSite.LAX);
    }

    private static int secondsUntil(Instant expires, Instant now) {
      return (int) Math.max(0, Duration.between(now, expires).toSeconds());
    }
  }

  /**
   * usersdk's errors as RFC 9457 problem documents: {@link HttpProblem} holds the status of every
   * error code, so this answers exactly as the Spring Boot starter does.
   */
  static final class Problems {
    private Problems() {}

    static void answer(Context ctx, UserSdkException e) {
      HttpProblem problem = HttpProblem.of(e);
      problem
          .retryAfter()
          .ifPresent(wait -> ctx.header("Retry-After", String.valueOf(wait.toSeconds())));
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("type", problem.type().toString());
      json.put("title", problem.title());
      json.put("status", problem.status());
      json.put("detail", problem.detail());
      json.put("code", problem.code());
      problem.field().ifPresent(field -> json.put("field", field));
      ctx.status(problem.status())
          .contentType("application/problem+json")
          .result(ctx.jsonMapper().toJsonString(json, Map.class));
    }
  }
}
