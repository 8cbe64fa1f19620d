package dev.usersdk.bench;

import com.sun.net.httpserver.HttpServer;
import dev.usersdk.Environment;
import dev.usersdk.UserClient;
import dev.usersdk.UserSdkConfig;
import dev.usersdk.event.EventSink;
import dev.usersdk.event.RelayConfig;
import dev.usersdk.event.Subscription;
import dev.usersdk.event.WebhookSink;
import dev.usersdk.event.WebhookVerifier;
import dev.usersdk.jdbc.JdbcConfig;
import dev.usersdk.jdbc.JdbcStores;
import dev.usersdk.testkit.TestDatabase;
import dev.usersdk.user.NewUser;
import dev.usersdk.user.ProfileUpdate;
import dev.usersdk.user.UserId;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.test.KafkaClusterTestKit;

/**
 * How fast the relay drains an outbox to a webhook receiver on loopback that verifies every
 * signature, and to a Kafka broker started in process (acknowledged by it; 3 partitions), on
 * MariaDB and PostgreSQL: {@code events} events of 2,000 users are written first (no relay
 * running), then one {@code runOnce()} delivers them all; rounds alternate the databases. A drain
 * is one long operation, not a JMH-sized one, so this is a plain timed harness: {@code exec:exec
 * -Dexec.args="-classpath %classpath dev.usersdk.bench.RelayThroughput events=20000 rounds=3
 * [sink=webhook|kafka]"}.
 */
public final class RelayThroughput {
  private static final String SECRET = Harness.WEBHOOK_SECRET;

  private RelayThroughput() {}

  public static void main(String[] args) {
    Harness.main(
        args,
        Map.of("events", "20000", "rounds", "3", "sink", "webhook,kafka"),
        RelayThroughput::run);
  }

  private static void run(Harness.Settings settings) throws Exception {
    int events = settings.number("events");
    int rounds = settings.number("rounds");
    List<String> sinks = List.of(settings.text("sink").split(","));
    AtomicInteger received = new AtomicInteger();
    HttpServer server = receiver(received);
    String endpoint = "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    KafkaClusterTestKit broker = sinks.contains("kafka") ? KafkaBroker.start() : null;
    List<String> lines = new ArrayList<>();
    int topics = 0;
    for (int round = 1; round <= rounds; round++) {
      for (String sink : sinks) {
        for (TestDatabase.Kind kind :
            List.of(TestDatabase.Kind.MYSQL, TestDatabase.Kind.POSTGRESQL)) {
          EventSink to =
              sink.equals("kafka")
                  ? KafkaBroker.sink(broker, "relay-bench-" + ++topics)
                  : WebhookSink.to(endpoint).secret(SECRET).allowInsecureLoopback().build();
          received.set(0);
          double perSecond = drain(kind, to, events);
          if (sink.equals("webhook") && received.get() < events) {
            throw new IllegalStateException("the receiver verified only " + received.get());
          }
          lines.add(
              String.format(
                  Locale.ROOT,
                  "round %d %-7s %-10s %,d events in one drain: %,.0f events/s",
                  round,
                  sink,
                  kind,
                  events,
                  perSecond));
          System.out.println(lines.get(lines.size() - 1));
          if (to instanceof AutoCloseable closeable) {
            closeable.close();
          }
        }
      }
    }
    server.stop(0);
    if (broker != null) {
      broker.close();
    }
    System.out.println(
        "Relay throughput to a verifying webhook receiver on loopback and to an in-process"
            + " Kafka broker:");
    lines.forEach(System.out::println);
  }

  /**
   * Writes {@code events} events of 2,000 users, then times one {@code runOnce()} draining them; a
   * delivery whose attempt failed waits for its retry past the drain and is reported, not timed.
   */
  private static double drain(TestDatabase.Kind kind, EventSink sink, int events) {
    AtomicInteger failed = new AtomicInteger();
    try (TestDatabase db = TestDatabase.create(kind);
        JdbcStores stores =
            JdbcStores.fromConfig(
                JdbcConfig.builder(db.url()).maximumPoolSize(8).migrate(true).build())) {
      UserClient client =
          UserClient.builder()
              .stores(stores)
              .config(UserSdkConfig.builder().environment(Environment.DEVELOPMENT).build())
              .subscribe(
                  Subscription.of(
                      "bench",
                      event -> {
                        try {
                          sink.deliver(event);
                        } catch (Exception e) {
                          failed.incrementAndGet();
                          throw e;
                        }
                      }))
              .relayConfig(RelayConfig.defaults())
              .build();
      List<UserId> users = new ArrayList<>();
      for (int i = 0; i < 2000; i++) {
        users.add(client.users().create(NewUser.email("u" + i + "@example.com")).id());
      }
      for (int i = users.size() * 2; i < events; i++) {
        client
            .users()
            .updateProfile(users.get(i % users.size()), ProfileUpdate.of().company("c" + i));
      }
      long backlog = client.events().backlog("bench");
      long started = System.nanoTime();
      int delivered = client.events().runOnce();
      double seconds = (System.nanoTime() - started) / 1e9;
      client.events().close();
      long left = client.events().backlog("bench");
      if (delivered + left != backlog || left > failed.get()) {
        throw new IllegalStateException(
            "delivered " + delivered + " of " + backlog + ", " + left + " left pending");
      }
      if (left > 0) { // a failed attempt waits for its retry (5 s), past this one drain
        System.out.printf(
            Locale.ROOT,
            "  (%d attempts failed; %d deliveries wait for their retry)%n",
            failed.get(),
            left);
      }
      return delivered / seconds;
    }
  }

  private static HttpServer receiver(AtomicInteger received) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
    WebhookVerifier verifier = WebhookVerifier.of(SECRET);
    ExecutorService threads = Executors.newFixedThreadPool(8);
    server.setExecutor(threads);
    server.createContext(
        "/hooks",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          verifier.verify(exchange.getRequestHeaders(), body);
          received.incrementAndGet();
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
    return server;
  }
}
