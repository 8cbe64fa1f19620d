package dev.usersdk.event;

import dev.usersdk.ConfigurationException;
import dev.usersdk.event.internal.Endpoints;
import dev.usersdk.event.internal.WebhookSignatures;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Posts each event to an HTTPS endpoint as a Standard Webhooks message: the event JSON as the body,
 * {@code webhook-id} (the event id, for deduplication), {@code webhook-timestamp} and {@code
 * webhook-signature} ({@code v1,} HMAC-SHA256 under each configured secret, so a receiver rotating
 * its secret accepts either). A 2xx answer is delivered; anything else, a redirect (never
 * followed), a timeout or a refused connection is a failed attempt the relay retries.
 *
 * <p>Endpoints are checked so that a host letting its customers register URLs cannot be made to
 * call its own network: {@code https} only, no user info, and no host that is or resolves to a
 * loopback, private, link-local or otherwise internal address — checked when built and again before
 * every delivery. {@link Builder#allowPrivateNetworks()} lifts this for endpoints the host itself
 * configures (an internal service), and {@link Builder#allowInsecureLoopback()} allows plain {@code
 * http} to a loopback address, for development and tests.
 */
public final class WebhookSink implements EventSink {
  /** How much of a response body is read (and kept in the error of a failed attempt). */
  static final int MAX_RESPONSE_BYTES = 4096;

  private final URI endpoint;
  private final List<byte[]> keys;
  private final HttpClient http;
  private final Duration timeout;
  private final Clock clock;
  private final boolean allowPrivate;

  private WebhookSink(Builder builder) {
    this.endpoint = builder.endpoint;
    this.keys = List.copyOf(builder.keys);
    this.timeout = builder.timeout;
    this.clock = builder.clock;
    this.allowPrivate = builder.allowPrivate;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(builder.connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** A sink for {@code endpoint}; add at least one secret. */
  public static Builder to(String endpoint) {
    return new Builder(endpoint);
  }

  @Override
  public void deliver(DeliveredEvent event) throws IOException, InterruptedException {
    if (!allowPrivate) {
      Endpoints.requirePublicAddresses(endpoint.getHost()); // again: DNS may have changed
    }
    long timestamp = clock.instant().getEpochSecond();
    String id = event.id().toString();
    String signatures =
        keys.stream()
            .map(key -> WebhookSignatures.sign(key, id, timestamp, event.json()))
            .collect(Collectors.joining(" "));
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .timeout(timeout)
            .header("content-type", "application/json")
            .header("webhook-id", id)
            .header("webhook-timestamp", Long.toString(timestamp))
            .header("webhook-signature", signatures)
            .POST(HttpRequest.BodyPublishers.ofString(event.json()))
            .build();
    HttpResponse<InputStream> response =
        http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    String head;
    try (InputStream body = response.body()) {
      head =
          new String(body.readNBytes(MAX_RESPONSE_BYTES), java.nio.charset.StandardCharsets.UTF_8);
    }
    int status = response.statusCode();
    if (status < 200 || status > 299) {
      throw new IOException(
          "the endpoint answered " + status + (head.isBlank() ? "" : ": " + oneLine(head)));
    }
  }

  private static String oneLine(String text) {
    String line = text.replaceAll("\\s+", " ").trim();
    return line.length() > 200 ? line.substring(0, 200) : line;
  }

  @Override
  public String toString() {
    return "WebhookSink[" + endpoint + "]"; // never the secrets
  }

  /** Builds a {@link WebhookSink}. */
  public static final class Builder {
    private final String endpointText;
    private URI endpoint;
    private final List<byte[]> keys = new ArrayList<>();
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration timeout = Duration.ofSeconds(15);
    private Clock clock = Clock.systemUTC();
    private boolean allowPrivate;
    private boolean allowInsecureLoopback;

    private Builder(String endpoint) {
      this.endpointText = endpoint;
    }

    /**
     * A {@code whsec_} secret to sign with; give the new one and the old one while the receiver
     * rotates, and each delivery carries both signatures.
     */
    public Builder secret(String secret) {
      keys.add(WebhookSignatures.key(secret));
      return this;
    }

    /** How long connecting may take; default 5 s. */
    public Builder connectTimeout(Duration value) {
      this.connectTimeout = Objects.requireNonNull(value, "connectTimeout");
      return this;
    }

    /** How long the whole request may take; default 15 s. */
    public Builder timeout(Duration value) {
      this.timeout = Objects.requireNonNull(value, "timeout");
      return this;
    }

    /** The clock of {@code webhook-timestamp} (tests). */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /** Allows an endpoint in a private or internal network: only for URLs the host controls. */
    public Builder allowPrivateNetworks() {
      this.allowPrivate = true;
      return this;
    }

    /** Allows {@code http://} to a loopback address (and loopback at all): development, tests. */
    public Builder allowInsecureLoopback() {
      this.allowInsecureLoopback = true;
      return this;
    }

    /**
     * Checks the endpoint and the settings and builds the sink.
     *
     * @throws ConfigurationException for a missing secret, or an endpoint that is not an allowed
     *     https URL
     */
    public WebhookSink build() {
      if (keys.isEmpty()) {
        throw new ConfigurationException("a webhook sink needs a whsec_ secret");
      }
      if (timeout.isNegative()
          || timeout.isZero()
          || timeout.compareTo(Duration.ofMinutes(2)) > 0
          || connectTimeout.isNegative()
          || connectTimeout.isZero()
          || connectTimeout.compareTo(timeout) > 0) {
        throw new ConfigurationException(
            "webhook timeouts must be positive, the request's at most 2 minutes, the connect's at"
                + " most the request's");
      }
      endpoint = Endpoints.check(endpointText, allowInsecureLoopback, allowPrivate);
      if (allowInsecureLoopback && Endpoints.isLoopbackHost(endpoint.getHost())) {
        allowPrivate = true;
      }
      return new WebhookSink(this);
    }
  }
}
