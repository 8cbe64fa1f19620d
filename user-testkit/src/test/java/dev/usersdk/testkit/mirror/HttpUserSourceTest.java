package dev.usersdk.testkit.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.usersdk.ConfigurationException;
import dev.usersdk.Environment;
import dev.usersdk.StoreUnavailableException;
import dev.usersdk.UserClient;
import dev.usersdk.UserSdkConfig;
import dev.usersdk.ValidationException;
import dev.usersdk.ledger.Credits;
import dev.usersdk.mirror.HostFields;
import dev.usersdk.mirror.HttpUserSource;
import dev.usersdk.mirror.MirroredUser;
import dev.usersdk.mirror.UserFeedEndpoint;
import dev.usersdk.mirror.UserMirror;
import dev.usersdk.testkit.ManualClock;
import dev.usersdk.testkit.memory.InMemoryMirrorStore;
import dev.usersdk.testkit.memory.InMemoryStores;
import dev.usersdk.user.NewUser;
import dev.usersdk.user.ProfileUpdate;
import dev.usersdk.user.User;
import dev.usersdk.user.UserId;
import dev.usersdk.user.Users;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A mirror reading its owner over real HTTP: the owner serves UserFeedEndpoint, the mirror reads it with HttpUserSource. */
class HttpUserSourceTest {
  private static final String SECRET = "a-feed-bearer-secret-of-32-chars!!";

  private final ManualClock clock = ManualClock.create();
  private UserClient owner;
  private HttpServer server;
  private String base;
  private UserMirror mirror;

  @BeforeEach
  void open() throws IOException {
    owner = UserClient.builder().stores(InMemoryStores.create()).clock(clock)
        .config(UserSdkConfig.builder().environment(Environment.DEVELOPMENT).defaultBalance(Credits.ZERO).build())
        .build();
    UserFeedEndpoint endpoint = UserFeedEndpoint.of(owner.users(), SECRET);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    server.createContext("/feed", exchange -> {
      UserFeedEndpoint.Response response = endpoint.handle(exchange.getRequestMethod(),
          exchange.getRequestURI().getPath().substring("/feed".length()),
          UserFeedEndpoint.parseQuery(exchange.getRequestURI().getRawQuery()),
          exchange.getRequestHeaders().getFirst("Authorization"));
      byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(response.status(), body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort() + "/feed";
    mirror = UserMirror.builder(InMemoryMirrorStore.create()).hostFields(HostFields.seeds()).clock(clock)
        .source(HttpUserSource.builder(base).bearer(SECRET).allowInsecureLoopback().build()).build();
  }

  @AfterEach
  void close() {
    server.stop(0);
    owner.close();
    mirror.close();
  }

  @Test
  void syncGetOrSyncAndHealthWorkOverHttp() {
    User ann = owner.users().create(NewUser.email("ann@example.com").name("Ann \"A\" Lee"));
    User bob = owner.users().create(NewUser.email("bob@example.com"));
    owner.users().updateProfile(ann.id(), ProfileUpdate.of().company("Acme"));
    owner.users().delete(bob.id());
    clock.advance(Users.FEED_SETTLE);

    assertThat(mirror.sync()).isEqualTo(2);
    assertThat(mirror.find(ann.id()).map(MirroredUser::user)).isEqualTo(owner.users().find(ann.id()));
    assertThat(mirror.find(bob.id())).isEmpty();
    assertThat(mirror.health().inStep()).isTrue();

    User cat = owner.users().create(NewUser.email("cat@example.com"));
    assertThat(mirror.getOrSync(cat.id()).map(MirroredUser::user)).contains(cat);
    assertThat(mirror.getOrSync(UserId.of(UUID.randomUUID()))).isEmpty();
    assertThat(mirror.health().usersAtSource()).isEqualTo(2);
  }

  @Test
  void theFeedRefusesWithoutTheSecretAndTheSourceSaysWhy() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(base + "/summary")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isEqualTo(401);
    HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(base + "/summary"))
        .header("Authorization", "Bearer " + SECRET).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);

    HttpUserSource wrong = HttpUserSource.builder(base).bearer("another-secret-of-thirty-two-chars!")
        .allowInsecureLoopback().build();
    assertThatThrownBy(wrong::summary).isInstanceOf(ConfigurationException.class)
        .hasMessageNotContaining("another-secret");
    HttpUserSource right = HttpUserSource.builder(base).bearer(SECRET).allowInsecureLoopback().build();
    assertThatThrownBy(() -> right.changes("not-a-cursor", 10)).isInstanceOf(ValidationException.class);
    assertThat(right.toString()).doesNotContain(SECRET);

    server.stop(0);
    assertThatThrownBy(right::summary).isInstanceOf(StoreUnavailableException.class);
  }

  @Test
  void onlyHttpsExceptLoopbackWhenAllowedAndAStrongSecret() {
    assertThatThrownBy(() -> HttpUserSource.builder("http://accounts.example.com/feed").bearer(SECRET).build())
        .isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> HttpUserSource.builder(base).bearer(SECRET).build())
        .isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> HttpUserSource.builder("https://accounts.example.com/feed").bearer("short").build())
        .isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> UserFeedEndpoint.of(owner.users(), "short")).isInstanceOf(ConfigurationException.class);
  }

  @Test
  void anAnswerThatNeverEndsIsBoundedByTheTimeout() {
    java.util.concurrent.CountDownLatch finish = new java.util.concurrent.CountDownLatch(1);
    server.createContext("/slow", exchange -> {
      exchange.sendResponseHeaders(200, 0); // chunked: headers now, the body only once released
      exchange.getResponseBody().write("{\"count\":".getBytes(StandardCharsets.UTF_8));
      exchange.getResponseBody().flush();
      try {
        finish.await(30, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.close();
    });
    HttpUserSource slow = HttpUserSource.builder("http://127.0.0.1:" + server.getAddress().getPort() + "/slow")
        .bearer(SECRET).allowInsecureLoopback().timeout(java.time.Duration.ofMillis(500)).build();
    long started = System.nanoTime();
    assertThatThrownBy(slow::summary).isInstanceOf(StoreUnavailableException.class).hasMessageContaining("500 ms");
    assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isLessThan(java.time.Duration.ofSeconds(4));
    finish.countDown();
  }
}
