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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
    HttpResponse<byte[]> response;
    CompletableFuture<HttpResponse<byte[]>> exchange =
        http.sendAsync(request, info -> new LimitedBody());
    try {
      // The request's own timeout bounds the wait for the headers only; this bounds the body too.
      response = exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      exchange.cancel(true);
      throw new StoreUnavailableException(
          "the owner's user feed did not answer within " + timeout.toMillis() + " ms", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof LimitedBody.TooLarge) {
        throw new StoreFailureException("the owner's user feed answered more than 16 MiB", null);
      }
      throw new StoreUnavailableException(
          "the owner's user feed could not be reached", e.getCause());
    } catch (InterruptedException e) {
      exchange.cancel(true);
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("interrupted while reading the owner's user feed", e);
    }
    String body = new String(response.body(), StandardCharsets.UTF_8);
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

  /** Collects a body of up to 16 MiB; a longer one fails and stops the transfer. */
  private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private Flow.@Nullable Subscription subscription;

    static final class TooLarge extends IOException {
      private static final long serialVersionUID = 1L;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      for (ByteBuffer item : items) {
        if (bytes.size() + item.remaining() > MAX_BODY) {
          if (subscription != null) {
            subscription.cancel();
          }
          result.completeExceptionally(new TooLarge());
          return;
        }
        byte[] chunk = new byte[item.remaining()];
        item.get(chunk);
        bytes.write(chunk, 0, chunk.length);
      }
    }

    @Override
    public void onError(Throwable failure) {
      result.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
      result.complete(bytes.toByteArray());
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
