package dev.usersdk.testkit.events;

import dev.usersdk.event.DeliveredEvent;
import dev.usersdk.event.WebhookSink;
import dev.usersdk.event.WebhookVerificationException;
import dev.usersdk.event.WebhookVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.usersdk.ConfigurationException;
import dev.usersdk.user.UserId;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Webhooks over real HTTP on loopback, signatures cross-checked with the Standard Webhooks library. */
class WebhookTest {
  private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(
      "a-32-byte-webhook-signing-key!!!".getBytes(StandardCharsets.UTF_8));
  private static final String NEXT = "whsec_" + Base64.getEncoder().encodeToString(
      "the-next-32-byte-signing-key!!!!".getBytes(StandardCharsets.UTF_8));

  private HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger status = new AtomicInteger(204);
  private final AtomicInteger redirectedHits = new AtomicInteger();
  /** When set, the endpoint answers only once it is released: a slow endpoint. */
  private final java.util.concurrent.CountDownLatch answerReleased = new java.util.concurrent.CountDownLatch(1);
  private volatile boolean slow;

  record Received(Map<String, List<String>> headers, String body) {}

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/hooks", this::receive);
    server.createContext("/elsewhere", exchange -> {
      redirectedHits.incrementAndGet();
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private void receive(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    received.add(new Received(Map.copyOf(exchange.getRequestHeaders()), body));
    try {
      if (slow) {
        answerReleased.await(30, java.util.concurrent.TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    int code = status.get();
    if (code == 302) {
      exchange.getResponseHeaders().add("location", url("/elsewhere"));
    }
    byte[] answer = "x".repeat(10_000).getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(code, code == 204 || code == 302 ? -1 : answer.length);
    if (code != 204 && code != 302) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer);
      }
    }
    exchange.close();
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private static DeliveredEvent event() {
    return new DeliveredEvent(UUID.fromString("0192f3a4-0000-7000-8000-000000000001"), "user.updated",
        UserId.of(UUID.randomUUID()), Instant.parse("2026-11-30T10:00:00Z"), "{\"type\":\"user.updated\",\"n\":1}", 1);
  }

  @Test
  void postsASignedStandardWebhookThatTheReferenceLibraryAndOurVerifierAccept() throws Exception {
    WebhookSink sink = WebhookSink.to(url("/hooks")).secret(SECRET).allowInsecureLoopback().build();
    sink.deliver(event());

    Received got = received.get(0);
    assertThat(got.body()).isEqualTo(event().json());
    assertThat(got.headers().get("Webhook-id")).containsExactly("0192f3a4-0000-7000-8000-000000000001");
    assertThat(got.headers().get("Content-type")).containsExactly("application/json");
    assertThat(got.headers().get("Webhook-signature").get(0)).startsWith("v1,");
    assertThatCode(() -> new Webhook(SECRET).verify(got.body(), lowerCased(got.headers())))
        .as("the reference implementation accepts it").doesNotThrowAnyException();
    assertThatCode(() -> WebhookVerifier.of(SECRET).verify(got.headers(), got.body())).doesNotThrowAnyException();
  }

  @Test
  void duringARotationEverySecretSignsAndEitherVerifies() throws Exception {
    WebhookSink sink = WebhookSink.to(url("/hooks")).secret(NEXT).secret(SECRET).allowInsecureLoopback().build();
    sink.deliver(event());
    Received got = received.get(0);
    assertThat(got.headers().get("Webhook-signature").get(0).split(" ")).hasSize(2);
    WebhookVerifier.of(SECRET).verify(got.headers(), got.body());
    WebhookVerifier.of(NEXT).verify(got.headers(), got.body());
    new Webhook(SECRET).verify(got.body(), lowerCased(got.headers()));
  }

  @Test
  void theVerifierRefusesWhatIsNotGenuineOrNotFresh() throws Exception {
    long now = Instant.now().getEpochSecond();
    String id = "msg_1";
    String body = "{\"a\":1}";
    String signature = new Webhook(SECRET).sign(id, now, body);
    Map<String, String> headers = Map.of("webhook-id", id, "webhook-timestamp", Long.toString(now),
        "webhook-signature", signature);
    WebhookVerifier verifier = WebhookVerifier.of(SECRET);
    verifier.verify(headers, body); // what the reference library signs, we accept

    assertThatThrownBy(() -> verifier.verify(headers, "{\"a\":2}")).isInstanceOf(WebhookVerificationException.class);
    assertThatThrownBy(() -> WebhookVerifier.of(NEXT).verify(headers, body))
        .isInstanceOf(WebhookVerificationException.class).hasMessageNotContaining("whsec_");
    assertThatThrownBy(() -> verifier.verify(Map.of("webhook-id", id, "webhook-signature", signature), body))
        .hasMessageContaining("webhook-timestamp");
    Clock later = Clock.fixed(Instant.ofEpochSecond(now).plus(Duration.ofMinutes(6)), ZoneOffset.UTC);
    assertThatThrownBy(() -> WebhookVerifier.of(later, SECRET).verify(headers, body))
        .isInstanceOf(WebhookVerificationException.class).hasMessageContaining("tolerance");
    Clock early = Clock.fixed(Instant.ofEpochSecond(now).minus(Duration.ofMinutes(6)), ZoneOffset.UTC);
    assertThatThrownBy(() -> WebhookVerifier.of(early, SECRET).verify(headers, body))
        .isInstanceOf(WebhookVerificationException.class);
    assertThat(verifier.toString()).doesNotContain("whsec_");
  }

  @Test
  void anythingButA2xxIsAFailedAttemptAndRedirectsAreNotFollowed() {
    WebhookSink sink = WebhookSink.to(url("/hooks")).secret(SECRET).allowInsecureLoopback().build();
    status.set(500);
    assertThatThrownBy(() -> sink.deliver(event())).isInstanceOf(IOException.class)
        .hasMessageContaining("500").satisfies(e -> assertThat(e.getMessage().length()).isLessThan(300));
    status.set(302);
    assertThatThrownBy(() -> sink.deliver(event())).isInstanceOf(IOException.class).hasMessageContaining("302");
    assertThat(redirectedHits.get()).isZero();
  }

  @Test
  void aSlowEndpointTimesOut() {
    WebhookSink sink = WebhookSink.to(url("/hooks")).secret(SECRET).allowInsecureLoopback()
        .timeout(Duration.ofMillis(300)).connectTimeout(Duration.ofMillis(300)).build();
    slow = true;
    assertThatThrownBy(() -> sink.deliver(event())).isInstanceOf(HttpTimeoutException.class);
    answerReleased.countDown();
  }

  @Test
  void endpointsAreHttpsOnPublicAddressesUnlessTheHostAllowsOtherwise() {
    List<String> refused = new ArrayList<>(List.of("http://example.com/hooks", "https://127.0.0.1/hooks",
        "https://10.1.2.3/hooks", "https://192.168.0.5/hooks", "https://169.254.169.254/latest/meta-data",
        "https://[::1]/hooks", "https://user:pw@example.com/hooks", "ftp://example.com", "/relative", "https://0.0.0.0/",
        "https://100.64.0.1/"));
    for (String endpoint : refused) {
      assertThatThrownBy(() -> WebhookSink.to(endpoint).secret(SECRET).build()).as(endpoint)
          .isInstanceOf(ConfigurationException.class).hasMessageNotContaining("pw");
    }
    assertThatCode(() -> WebhookSink.to("https://10.1.2.3/hooks").secret(SECRET).allowPrivateNetworks().build())
        .doesNotThrowAnyException();
    assertThatCode(() -> WebhookSink.to("https://93.184.215.14/hooks").secret(SECRET).build())
        .as("a public literal address").doesNotThrowAnyException();
    assertThatThrownBy(() -> WebhookSink.to("http://10.1.2.3/hooks").secret(SECRET).allowInsecureLoopback()
        .allowPrivateNetworks().build()).as("plain http only to loopback").isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> WebhookSink.to(url("/hooks")).build()).hasMessageContaining("secret");
    assertThatThrownBy(() -> WebhookSink.to(url("/hooks")).secret("not-whsec")).isInstanceOf(ConfigurationException.class);
    assertThat(WebhookSink.to(url("/hooks")).secret(SECRET).allowInsecureLoopback().build().toString())
        .doesNotContain(SECRET.substring(6));
  }

  private static Map<String, List<String>> lowerCased(Map<String, List<String>> headers) {
    Map<String, List<String>> lower = new java.util.HashMap<>();
    headers.forEach((k, v) -> lower.put(k.toLowerCase(java.util.Locale.ROOT), v));
    return lower;
  }
}
