package dev.usersdk.spring;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Locale;

/**
 * Which origin a request comes from: the service's own, or one to compare with the allowed origins
 * as CORS compares them (case-insensitive, without a trailing slash).
 */
final class Origins {
  private Origins() {}

  static String normal(String origin) {
    String trimmed = origin.strip();
    return (trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed)
        .toLowerCase(Locale.ROOT);
  }

  /**
   * Whether a request with an {@code Origin} comes from the service's own: the browser says {@code
   * Sec-Fetch-Site: same-origin}, or the origin is the request's scheme, host and port as the
   * server sees them (forwarded headers applied), or its host and port are the request's {@code
   * Host} (a proxy that ends TLS makes the scheme differ, not the host).
   */
  static boolean own(HttpServletRequest request) {
    String origin = request.getHeader("Origin");
    if (origin == null) {
      return false;
    }
    if ("same-origin".equals(request.getHeader("Sec-Fetch-Site"))) {
      return true;
    }
    String seen =
        request.getScheme() + "://" + request.getServerName() + ":" + request.getServerPort();
    String host = request.getHeader("Host");
    try {
      URI uri = URI.create(origin.strip());
      String authority = uri.getRawAuthority();
      if (authority == null || uri.getScheme() == null) {
        return false;
      }
      int port = uri.getPort() != -1 ? uri.getPort() : defaultPort(uri.getScheme());
      return (uri.getScheme() + "://" + uri.getHost() + ":" + port).equalsIgnoreCase(seen)
          || (host != null && authority.equalsIgnoreCase(host.strip()));
    } catch (IllegalArgumentException malformed) {
      return false;
    }
  }

  private static int defaultPort(String scheme) {
    return "https".equalsIgnoreCase(scheme) ? 443 : 80;
  }
}
