package dev.usersdk.mirror;

import dev.usersdk.ConfigurationException;
import dev.usersdk.StoreFailureException;
import dev.usersdk.StoreUnavailableException;
import dev.usersdk.ValidationException;
import dev.usersdk.event.EventFormatException;
import dev.usersdk.event.internal.Endpoints;
import dev.usersdk.event.internal.Fields;
import dev.usersdk.event.internal.JsonReader;
import dev.usersdk.event.internal.UserJson;
import dev.usersdk.user.ChangePage;
import dev.usersdk.user.User;
import dev.usersdk.user.UserChange;
import dev.usersdk.user.UserId;
import dev.usersdk.user.UserSummary;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A {@link UserSource} that reads the owner's {@link UserFeedEndpoint} over HTTP (JDK {@code
 * HttpClient}): {@code https} only (loopback may be allowed for development), a bearer secret,
 * timeouts, no redirects, answers read up to 16 MiB. An unreachable owner or a 5xx is a retryable
 * {@link StoreUnavailableException}; a refused secret a {@link ConfigurationException}.
 */
public final class HttpUserSource implements UserSource {
  private static final int MAX_BODY = 16 << 20;

  private final URI base;
  private final String authorization;
  private final Duration timeout;
  private final HttpClient http;

  private HttpUserSource(Builder builder) {
    this.base = Endpoints.check(builder.baseUrl, builder.allowInsecureLoopback, true);
    this.authorization = "Bearer " + builder.bearerSecret;
    this.timeout = builder.timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(builder.timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /**
   * A source reading the endpoint mounted at {@code baseUrl} (e.g. {@code https://accounts/feed}).
   */
  public static Builder builder(String baseUrl) {
    return new Builder(Objects.requireNonNull(baseUrl, "baseUrl"));
  }

  @Override
  public ChangePage changes(@Nullable String cursor, int limit) {
    String query =
        "?limit="
            + limit
            + (cursor == null
                ? ""
                : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
    Fields page = get("/changes" + query).orElseThrow(() -> unexpected(404));
    List<UserChange> changes = new ArrayList<>();
    try {
      for (Object item : page.objects("changes")) {
        Fields change = new Fields(JsonReader.asObject(item), "changes[].");
        UserId userId = UserId.of(change.uuid("user_id"));
        long version = change.number("version");
        changes.add(
            change.isNull("user")
                ? UserChange.deletion(userId, version, change.instant("changed_at"))
                : UserChange.of(UserJson.read(change.object("user"))));
      }
    } catch (IllegalArgumentException e) {
      throw new EventFormatException("the owner's user feed answered a malformed change");
    }
    return new ChangePage(changes, page.text("cursor"), page.bool("more"));
  }

  @Override
  public Optional<User> find(UserId userId) {
    return get("/users/" + userId.value()).map(found -> UserJson.read(found.object("user")));
  }

  @Override
  public UserSummary summary() {
    Fields summary = get("/summary").orElseThrow(() -> unexpected(404));
    return new UserSummary(summary.number("count"), summary.number("checksum"));
  }

  /** The answer to {@code GET base+path}: its JSON object, or empty for a 404. */
  private Optional<Fields> get(String path) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(timeout)
            .header("Authorization", authorization)
            .header("Accept", "application/json")
            .GET()
            .build();
    HttpResponse<InputStream> response;
    String body;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body()) {
        byte[] bytes = in.readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
          throw new StoreFailureException("the owner's feed answered more than 16 MiB", null);
        }
        body = new String(bytes, StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new StoreUnavailableException("the owner's user feed could not be reached", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("interrupted while reading the owner's user feed", e);
    }
    int status = response.statusCode();
    if (status == 404 && path.startsWith("/users/")) {
      return Optional.empty();
    }
    if (status == 401 || status == 403) {
      throw new ConfigurationException("the owner's user feed refused this mirror's bearer secret");
    }
    if (status == 400) {
      throw new ValidationException(
          "feed", "the owner's user feed refused the request: " + code(body));
    }
    if (status != 200) {
      throw unexpected(status);
    }
    try {
      return Optional.of(new Fields(JsonReader.readObject(body), ""));
    } catch (IllegalArgumentException e) {
      throw new EventFormatException("the owner's user feed answered malformed JSON");
    }
  }

  private static String code(String body) {
    try {
      return new Fields(JsonReader.readObject(body), "").text("code");
    } catch (RuntimeException e) {
      return "(no code)";
    }
  }

  private static RuntimeException unexpected(int status) {
    return status >= 500 || status == 429
        ? new StoreUnavailableException("the owner's user feed answered " + status, null)
        : new StoreFailureException("the owner's user feed answered " + status, null);
  }

  @Override
  public String toString() {
    return "HttpUserSource[" + base + ", secret=(redacted)]";
  }

  public static final class Builder {
    private final String baseUrl;
    private String bearerSecret = "";
    private Duration timeout = Duration.ofSeconds(10);
    private boolean allowInsecureLoopback;

    private Builder(String baseUrl) {
      this.baseUrl = baseUrl;
    }

    /** The secret the owner's endpoint was given ({@link UserFeedEndpoint#of}). */
    public Builder bearer(String secret) {
      this.bearerSecret = Objects.requireNonNull(secret, "secret");
      return this;
    }

    /** Connect and answer timeout (default 10 s). */
    public Builder timeout(Duration timeout) {
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        throw new ConfigurationException("timeout must be positive");
      }
      this.timeout = timeout;
      return this;
    }

    /** Allows {@code http://} to a loopback address, for development and tests. */
    public Builder allowInsecureLoopback() {
      this.allowInsecureLoopback = true;
      return this;
    }

    public HttpUserSource build() {
      if (bearerSecret.length() < 32) {
        throw new ConfigurationException("the feed's bearer secret must be at least 32 characters");
      }
      return new HttpUserSource(this);
    }
  }
}
