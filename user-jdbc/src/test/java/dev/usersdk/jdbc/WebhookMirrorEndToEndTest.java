package dev.usersdk.jdbc;

import com.sun.net.httpserver.HttpServer;
import dev.usersdk.event.EventSink;
import dev.usersdk.event.WebhookSink;
import dev.usersdk.event.WebhookVerificationException;
import dev.usersdk.event.WebhookVerifier;
import dev.usersdk.mirror.MirrorStore;
import dev.usersdk.spi.Stores;
import dev.usersdk.testkit.TestDatabase;
import dev.usersdk.testkit.contract.MirrorEndToEnd;
import dev.usersdk.user.UserId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The owner on MariaDB, the mirror on PostgreSQL, events carried by signed webhooks over real HTTP
 * (JDK server on loopback; the receiver verifies each signature before applying).
 */
class WebhookMirrorEndToEndTest extends MirrorEndToEnd {
  private static final String SECRET =
      "whsec_" + Base64.getEncoder().encodeToString("a-32-byte-webhook-signing-key!!!".getBytes(StandardCharsets.UTF_8));

  @RegisterExtension
  static final TestStores ownerDb = TestStores.on(TestDatabase.Kind.MYSQL);

  @RegisterExtension
  static final TestMirror mirrorDb = TestMirror.on(TestDatabase.Kind.POSTGRESQL);

  @Override
  protected Stores ownerStores() {
    return ownerDb.emptyStores();
  }

  @Override
  protected MirrorStore mirrorStore() {
    return mirrorDb.emptyStore();
  }

  @Override
  protected void overwriteEmail(UserId userId, String email) {
    mirrorDb.overwriteEmail(userId, email);
  }

  @Override
  protected Transport transport() {
    return new Webhooks();
  }

  /** A receiving endpoint: 503 while cut, else verify, apply, 204. */
  private static final class Webhooks implements Transport {
    private final HttpServer server;
    private volatile Consumer<String> receiver = json -> {};
    private volatile boolean down;

    Webhooks() {
      try {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      WebhookVerifier verifier = WebhookVerifier.of(SECRET);
      server.createContext("/users", exchange -> {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        int status;
        if (down) {
          status = 503;
        } else {
          try {
            verifier.verify(exchange.getRequestHeaders(), body);
            receiver.accept(body);
            status = 204;
          } catch (WebhookVerificationException e) {
            status = 400;
          } catch (RuntimeException e) {
            status = 500;
          }
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
      });
      server.start();
    }

    @Override
    public EventSink sink(Consumer<String> receiver) {
      this.receiver = receiver;
      return WebhookSink.to("http://127.0.0.1:" + server.getAddress().getPort() + "/users").secret(SECRET)
          .allowInsecureLoopback().build();
    }

    @Override
    public void cut(boolean down) {
      this.down = down;
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
