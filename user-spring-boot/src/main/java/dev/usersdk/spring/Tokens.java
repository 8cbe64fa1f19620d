package dev.usersdk.spring;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/** Where a request carries its token: a header, else the session cookie. */
final class Tokens {
  /** A token and whether it came in a cookie (which a browser sends by itself). */
  record Found(String value, boolean fromCookie) {
    @Override
    public String toString() {
      return "Token[" + (fromCookie ? "cookie" : "header") + "]";
    }
  }

  private final String tokenCookie;

  Tokens(String tokenCookie) {
    this.tokenCookie = tokenCookie;
  }

  /** {@code Authorization: Bearer}, else {@code X-Auth-Token}, else the cookie; null: none. */
  @Nullable Found of(HttpServletRequest request) {
    String authorization = request.getHeader("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return new Found(authorization.substring(7).strip(), false);
    }
    String header = request.getHeader("X-Auth-Token");
    if (header != null && !header.isBlank()) {
      return new Found(header.strip(), false);
    }
    String cookie = cookie(request, tokenCookie);
    return cookie == null ? null : new Found(cookie, true);
  }

  static @Nullable String cookie(HttpServletRequest request, String name) {
    Cookie[] cookies = request.getCookies();
    if (cookies == null) {
      return null;
    }
    for (Cookie cookie : cookies) {
      if (cookie.getName().equals(name) && !cookie.getValue().isBlank()) {
        return cookie.getValue();
      }
    }
    return null;
  }
}
