package dev.usersdk.spring;

import dev.usersdk.ConfigurationException;
import dev.usersdk.Environment;
import dev.usersdk.UserClient;
import dev.usersdk.ValidationException;
import dev.usersdk.auth.InvalidTokenException;
import dev.usersdk.auth.Principal;
import dev.usersdk.auth.Session;
import dev.usersdk.auth.password.Password;
import dev.usersdk.ledger.Balance;
import dev.usersdk.user.ProfileUpdate;
import dev.usersdk.user.User;
import dev.usersdk.user.UserId;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The seeds' HTTP API (on when {@code usersdk.web.endpoints=true}): registration by emailed code,
 * login answering with an {@code HttpOnly} cookie and an {@code X-Auth-Token} header, refresh by
 * the refresh cookie, logout (the token's jti revoked, the cookies cleared), the current user,
 * password reset, {@code /users/me} read and patched, an admin-only balance, {@code /health}.
 */
@RestController
final class UserSdkEndpoints {
  /**
   * What answers without a token, besides {@code /health}: the sign-in steps, and logout (which
   * must work with an expired access token, or with the refresh cookie alone).
   */
  static final List<String> OPEN_STEPS =
      List.of(
          "/auth/register/request",
          "/auth/register/confirm",
          "/auth/login",
          "/auth/refresh",
          "/auth/logout",
          "/auth/password/reset/request",
          "/auth/password/reset/confirm");

  /** The profile fields a user may change about themselves; anything else is a 422. */
  private static final Set<String> SELF_EDITABLE = Set.of("name", "company", "phone", "telegram");

  private final UserClient client;
  private final UserSdkProperties.Web web;
  private final Tokens tokens;
  private final boolean secure;
  private final ProblemHandler problems = new ProblemHandler();

  UserSdkEndpoints(UserClient client, UserSdkProperties.Web web) {
    this.client = client;
    this.web = web;
    this.tokens = new Tokens(web.getTokenCookie());
    this.secure =
        web.getSecureCookies() != null
            ? web.getSecureCookies()
            : client.config().environment() != Environment.DEVELOPMENT;
    if (!List.of("lax", "strict", "none").contains(web.getSameSite().toLowerCase(Locale.ROOT))) {
      throw new ConfigurationException(
          "usersdk.web.same-site must be Lax, Strict or None, was '" + web.getSameSite() + "'");
    }
    if (web.getSameSite().equalsIgnoreCase("none") && !secure) {
      throw new ConfigurationException(
          "usersdk.web.same-site=None needs Secure cookies (browsers drop them otherwise)");
    }
  }

  @GetMapping("/health")
  ResponseEntity<Map<String, String>> health() {
    boolean ready = client.health().ready();
    return ResponseEntity.status(ready ? 200 : 503).body(Map.of("status", ready ? "UP" : "DOWN"));
  }

  @PostMapping("/auth/register/request")
  ResponseEntity<Map<String, String>> register(@RequestBody Map<String, Object> body) {
    client
        .auth()
        .register(text(body, "email"), Password.of(text(body, "password")), optional(body, "name"));
    return ResponseEntity.accepted().body(Map.of("status", "code_sent"));
  }

  @PostMapping("/auth/register/confirm")
  ResponseEntity<Map<String, Object>> confirm(@RequestBody Map<String, Object> body) {
    User user = client.auth().confirmRegistration(text(body, "email"), text(body, "code"));
    return ResponseEntity.status(HttpStatus.CREATED).body(shown(user));
  }

  @PostMapping("/auth/login")
  ResponseEntity<Map<String, String>> login(@RequestBody Map<String, Object> body) {
    Session session = client.auth().login(text(body, "email"), Password.of(text(body, "password")));
    return signedIn(session);
  }

  @PostMapping("/auth/refresh")
  ResponseEntity<Map<String, String>> refresh(HttpServletRequest request) {
    String refresh = Tokens.cookie(request, web.getRefreshCookie());
    if (refresh == null) {
      throw new InvalidTokenException("no refresh token");
    }
    return signedIn(client.auth().refresh(refresh));
  }

  /**
   * Ends the session of the access token (revoking its jti; an expired one still ends it) and of
   * the refresh cookie, whichever came, and clears both cookies: a browser whose access cookie has
   * lapsed still signs out, and its refresh token with it.
   */
  @PostMapping("/auth/logout")
  ResponseEntity<Void> logout(HttpServletRequest request) {
    Tokens.Found token = tokens.of(request);
    if (token != null) {
      try {
        client.auth().logout(token.value());
      } catch (InvalidTokenException notOurs) {
        // forged or malformed: there is no session of it to end
      }
    }
    String refresh = Tokens.cookie(request, web.getRefreshCookie());
    if (refresh != null) {
      try {
        client.auth().logoutRefreshToken(refresh);
      } catch (InvalidTokenException unknown) {
        // already ended
      }
    }
    return ResponseEntity.noContent()
        .header(HttpHeaders.SET_COOKIE, cookie(web.getTokenCookie(), "", "/", Duration.ZERO))
        .header(HttpHeaders.SET_COOKIE, cookie(web.getRefreshCookie(), "", "/auth", Duration.ZERO))
        .build();
  }

  @GetMapping("/auth/me")
  Map<String, Object> me(@AuthenticationPrincipal @Nullable Principal principal) {
    return shown(signedIn(principal).user());
  }

  @PostMapping("/auth/password/reset/request")
  ResponseEntity<Map<String, String>> requestReset(@RequestBody Map<String, Object> body) {
    client.auth().requestPasswordReset(text(body, "email")); // the same answer for every address
    return ResponseEntity.accepted().body(Map.of("status", "link_sent_if_known"));
  }

  @PostMapping("/auth/password/reset/confirm")
  ResponseEntity<Void> reset(@RequestBody Map<String, Object> body) {
    client.auth().resetPassword(text(body, "token"), Password.of(text(body, "password")));
    return ResponseEntity.noContent().build();
  }

  @GetMapping("/users/me")
  Map<String, Object> profile(@AuthenticationPrincipal @Nullable Principal principal) {
    return shown(signedIn(principal).user());
  }

  @PatchMapping("/users/me")
  Map<String, Object> patch(
      @AuthenticationPrincipal @Nullable Principal principal,
      @RequestBody Map<String, Object> body) {
    Map<String, String> changes = new LinkedHashMap<>();
    body.forEach(
        (field, value) -> {
          if (!SELF_EDITABLE.contains(field)) {
            throw new ValidationException(field, field + " is not yours to change");
          }
          changes.put(field, value == null ? null : value.toString());
        });
    return shown(
        client.users().updateProfile(signedIn(principal).userId(), ProfileUpdate.fromMap(changes)));
  }

  @GetMapping("/users/{id}/balance")
  Map<String, String> balance(
      @AuthenticationPrincipal @Nullable Principal principal, @PathVariable("id") String id) {
    client.auth().requireAdmin(signedIn(principal)); // 403 for everyone else
    Balance balance = client.ledger().balance(UserId.parse(id));
    return Map.of("available", balance.available().toString(), "held", balance.held().toString());
  }

  /** A body that is not JSON: the same 422 as a missing field, not Spring's bare 400 or 415. */
  @ExceptionHandler({
    HttpMessageNotReadableException.class,
    HttpMediaTypeNotSupportedException.class
  })
  ResponseEntity<ProblemDetail> unreadable() {
    return problems.answer(new ValidationException("body", "the body must be a JSON object"));
  }

  /** Both cookies, the header, and the token in the body for clients that keep it themselves. */
  private ResponseEntity<Map<String, String>> signedIn(Session session) {
    Instant now = Instant.now();
    return ResponseEntity.ok()
        .header(
            HttpHeaders.SET_COOKIE,
            cookie(
                web.getTokenCookie(),
                session.accessToken(),
                "/",
                Duration.between(now, session.accessTokenExpiresAt())))
        .header(
            HttpHeaders.SET_COOKIE,
            cookie(
                web.getRefreshCookie(),
                session.refreshToken(),
                "/auth",
                Duration.between(now, session.refreshTokenExpiresAt())))
        .header("X-Auth-Token", session.accessToken())
        .body(
            Map.of(
                "access_token",
                session.accessToken(),
                "expires_at",
                session.accessTokenExpiresAt().toString()));
  }

  /** {@code HttpOnly}, {@code Secure} outside development, {@code SameSite} as configured. */
  private String cookie(String name, String value, String path, Duration maxAge) {
    return ResponseCookie.from(name, value)
        .httpOnly(true)
        .secure(secure)
        .sameSite(web.getSameSite())
        .path(path)
        .maxAge(maxAge.isNegative() ? Duration.ZERO : maxAge)
        .build()
        .toString();
  }

  /** The caller, also where an application's own chain left the path open: no caller, a 401. */
  private static Principal signedIn(@Nullable Principal principal) {
    if (principal == null) {
      throw new InvalidTokenException("this needs a signed-in user: no token was sent");
    }
    return principal;
  }

  /** A user as {@code /users/me} shows it: no hash, no token, nothing internal. */
  private Map<String, Object> shown(User user) {
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

  private static String text(Map<String, Object> body, String field) {
    Object value = body.get(field);
    if (!(value instanceof String text) || text.isBlank()) {
      throw new ValidationException(field, field + " is required");
    }
    return text;
  }

  private static @Nullable String optional(Map<String, Object> body, String field) {
    Object value = body.get(field);
    return value instanceof String text && !text.isBlank() ? text : null;
  }
}
