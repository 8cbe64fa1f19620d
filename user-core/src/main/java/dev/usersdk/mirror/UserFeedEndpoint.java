package dev.usersdk.mirror;

import dev.usersdk.ConfigurationException;
import dev.usersdk.ValidationException;
import dev.usersdk.event.internal.JsonWriter;
import dev.usersdk.event.internal.UserJson;
import dev.usersdk.user.ChangePage;
import dev.usersdk.user.UserChange;
import dev.usersdk.user.UserId;
import dev.usersdk.user.UserSummary;
import dev.usersdk.user.Users;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The owner's side of {@link HttpUserSource}: answers a mirror's three reads over HTTP in any
 * framework. Mount it under a prefix and hand it each request's method, the path below the prefix,
 * the query parameters and the {@code Authorization} header; write back the status and the JSON
 * body it returns.
 *
 * <ul>
 *   <li>{@code GET /changes?cursor=…&limit=…} — {@link Users#changes}
 *   <li>{@code GET /users/{id}} — {@link Users#find} (404 when there is no such user)
 *   <li>{@code GET /summary} — {@link Users#summary}
 * </ul>
 *
 * <p>Every request must carry {@code Authorization: Bearer <secret>} (compared in constant time;
 * 401 otherwise): the feed holds every user's profile. Serve it over TLS.
 */
public final class UserFeedEndpoint {
  private static final int DEFAULT_LIMIT = 500;

  private final Users users;
  private final byte[] secret;

  private UserFeedEndpoint(Users users, byte[] secret) {
    this.users = users;
    this.secret = secret;
  }

  /**
   * An endpoint over the owner's users.
   *
   * @param bearerSecret what mirrors send as their bearer token: at least 32 characters
   */
  public static UserFeedEndpoint of(Users users, String bearerSecret) {
    Objects.requireNonNull(users, "users");
    if (bearerSecret == null || bearerSecret.length() < 32) {
      throw new ConfigurationException("the feed's bearer secret must be at least 32 characters");
    }
    return new UserFeedEndpoint(users, bearerSecret.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A request's raw query string ({@code cursor=...&limit=...}, still percent-encoded) as the
   * parameters {@link #handle} takes, for frameworks that hand over only the raw string.
   */
  public static Map<String, String> parseQuery(@Nullable String rawQuery) {
    Map<String, String> query = new HashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return query;
    }
    for (String pair : rawQuery.split("&", -1)) {
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      if (!name.isEmpty()) {
        query.put(
            URLDecoder.decode(name, StandardCharsets.UTF_8),
            URLDecoder.decode(value, StandardCharsets.UTF_8));
      }
    }
    return query;
  }

  /** What to answer: a status and a JSON body ({@code application/json}). */
  public record Response(int status, String body) {}

  public Response handle(
      String method, String path, Map<String, String> query, @Nullable String authorization) {
    if (!authorized(authorization)) {
      return error(401, "unauthorized", "a bearer token is required");
    }
    if (!"GET".equals(method)) {
      return error(405, "method_not_allowed", "only GET");
    }
    try {
      if (path.equals("/changes")) {
        return changes(query);
      }
      if (path.equals("/summary")) {
        UserSummary summary = users.summary();
        return new Response(
            200,
            new JsonWriter()
                .begin()
                .field("count", summary.count())
                .field("checksum", summary.checksum())
                .end()
                .toString());
      }
      if (path.startsWith("/users/")) {
        UUID id;
        try {
          id = UUID.fromString(path.substring("/users/".length()));
        } catch (IllegalArgumentException e) {
          return error(404, "user_not_found", "no such user");
        }
        return users
            .find(UserId.of(id))
            .map(
                user ->
                    new Response(
                        200,
                        UserJson.write(new JsonWriter().begin(), "user", user).end().toString()))
            .orElseGet(() -> error(404, "user_not_found", "no such user"));
      }
      return error(404, "not_found", "no such resource");
    } catch (ValidationException e) {
      return error(400, e.code(), e.getMessage());
    }
  }

  private Response changes(Map<String, String> query) {
    int limit = DEFAULT_LIMIT;
    if (query.containsKey("limit")) {
      try {
        limit = Integer.parseInt(query.get("limit"));
      } catch (NumberFormatException e) {
        throw new ValidationException("limit", "limit must be a whole number");
      }
    }
    ChangePage page = users.changes(query.get("cursor"), limit);
    JsonWriter json = new JsonWriter().begin().array("changes");
    for (UserChange change : page.changes()) {
      json.element()
          .field("user_id", change.userId().value().toString())
          .field("version", change.version())
          .field("changed_at", change.changedAt());
      if (change.user() == null) {
        json.field("user", (String) null);
      } else {
        UserJson.write(json, "user", change.user());
      }
      json.end();
    }
    return new Response(
        200,
        json.endArray().field("cursor", page.cursor()).field("more", page.more()).end().toString());
  }

  private boolean authorized(@Nullable String authorization) {
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      return false;
    }
    byte[] given = authorization.substring("Bearer ".length()).getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(given, secret);
  }

  private static Response error(int status, String code, String message) {
    return new Response(
        status,
        new JsonWriter().begin().field("code", code).field("message", message).end().toString());
  }

  @Override
  public String toString() {
    return "UserFeedEndpoint[secret=(redacted)]";
  }
}
