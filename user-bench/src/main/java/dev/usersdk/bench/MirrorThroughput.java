package dev.usersdk.bench;

import com.sun.net.httpserver.HttpServer;
import dev.usersdk.Environment;
import dev.usersdk.UserClient;
import dev.usersdk.UserSdkConfig;
import dev.usersdk.event.EventJson;
import dev.usersdk.event.RelayConfig;
import dev.usersdk.event.Subscription;
import dev.usersdk.event.WebhookSink;
import dev.usersdk.event.WebhookVerifier;
import dev.usersdk.jdbc.JdbcConfig;
import dev.usersdk.jdbc.JdbcMirrorStore;
import dev.usersdk.jdbc.JdbcStores;
import dev.usersdk.ledger.Credits;
import dev.usersdk.mirror.HostFields;
import dev.usersdk.mirror.UserMirror;
import dev.usersdk.testkit.TestDatabase;
import dev.usersdk.testkit.memory.InMemoryStores;
import dev.usersdk.user.NewUser;
import dev.usersdk.user.ProfileUpdate;
import dev.usersdk.user.UserId;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The mirror, measured on MariaDB and PostgreSQL, rounds alternating the databases:
 *
 * <ul>
 *   <li><b>apply</b>: {@code events} events of 2,000 users (made once by an in-memory owner,
 *       shuffled, a tenth repeated) applied by 8 threads, as a webhook receiver's would: events/s.
 *   <li><b>lag</b>: an owner on the other database changes users at {@code rate} changes/s for
 *       {@code seconds}; its relay (polling every 50 ms) delivers by signed webhook over loopback
 *       to a receiver that applies to the mirror. The lag of an event is the time from its change
 *       to its application: p50, p99, max.
 * </ul>
 *
 * <p>{@code exec:exec -Dexec.args="-classpath %classpath dev.usersdk.bench.MirrorThroughput
 * events=20000 rate=1000 seconds=20 rounds=3"}.
 */
public final class MirrorThroughput {
  private static final String SECRET = Harness.WEBHOOK_SECRET;

  private MirrorThroughput() {}

  public static void main(String[] args) {
    Harness.main(
        args,
        Map.of("events", "20000", "rate", "1000", "seconds", "20", "rounds", "3"),
        MirrorThroughput::run);
  }

  private static void run(Harness.Settings settings) throws Exception {
    int events = settings.number("events");
    int rate = settings.number("rate");
    int seconds = settings.number("seconds");
    int rounds = settings.number("rounds");
    List<String> stream = events(events);
    List<String> lines = new ArrayList<>();
    List<TestDatabase.Kind> kinds = List.of(TestDatabase.Kind.MYSQL, TestDatabase.Kind.POSTGRESQL);
    for (int round = 1; round <= rounds; round++) {
      for (TestDatabase.Kind kind : kinds) {
        double perSecond = apply(kind, stream);
        lines.add(
            String.format(
                Locale.ROOT,
                "round %d apply %-10s %,d events by 8 threads: %,.0f events/s",
                round,
                kind,
                stream.size(),
                perSecond));
        System.out.println(lines.get(lines.size() - 1));
      }
      for (TestDatabase.Kind kind : kinds) {
        TestDatabase.Kind ownerKind = kind == kinds.get(0) ? kinds.get(1) : kinds.get(0);
        String lag = lag(ownerKind, kind, rate, seconds);
        lines.add(
            String.format(Locale.ROOT, "round %d lag   mirror on %-10s %s", round, kind, lag));
        System.out.println(lines.get(lines.size() - 1));
      }
    }
    System.out.println("Mirror apply rate and lag:");
    lines.forEach(System.out::println);
  }

  /** Events of 2,000 users from an in-memory owner: creations, then profile updates; shuffled. */
  private static List<String> events(int count) {
    List<String> jsons = new ArrayList<>();
    try (UserClient owner =
        UserClient.builder()
            .stores(InMemoryStores.create())
            .config(
                UserSdkConfig.builder()
                    .environment(Environment.DEVELOPMENT)
                    .defaultBalance(Credits.ZERO)
                    .build())
            .subscribe(Subscription.of("bench", event -> jsons.add(event.json())))
            .build()) {
      List<UserId> ids = new ArrayList<>();
      for (int i = 0; i < 2000; i++) {
        ids.add(owner.users().create(NewUser.email("u" + i + "@example.com")).id());
      }
      for (int i = ids.size(); i < count * 10 / 11; i++) {
        owner.users().updateProfile(ids.get(i % ids.size()), ProfileUpdate.of().company("c" + i));
      }
      owner.events().runOnce();
    }
    Random random = new Random(7);
    for (int i = 0, repeats = count - jsons.size(); i < repeats; i++) {
      jsons.add(jsons.get(random.nextInt(jsons.size())));
    }
    Collections.shuffle(jsons, random);
    return jsons;
  }

  private static double apply(TestDatabase.Kind kind, List<String> stream) throws Exception {
    try (TestDatabase db = TestDatabase.create(kind);
        UserMirror mirror = mirror(db)) {
      ExecutorService threads = Executors.newFixedThreadPool(8);
      AtomicInteger next = new AtomicInteger();
      long started = System.nanoTime();
      List<Future<?>> running = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        running.add(
            threads.submit(
                () -> {
                  for (int i; (i = next.getAndIncrement()) < stream.size(); ) {
                    mirror.apply(stream.get(i));
                  }
                }));
      }
      for (Future<?> future : running) {
        future.get();
      }
      double elapsed = (System.nanoTime() - started) / 1e9;
      threads.shutdown();
      return stream.size() / elapsed;
    }
  }

  private static UserMirror mirror(TestDatabase db) {
    return UserMirror.builder(
            JdbcMirrorStore.fromConfig(
                JdbcConfig.builder(db.url()).maximumPoolSize(8).migrate(true).build()))
        .hostFields(HostFields.seeds())
        .build();
  }

  /**
   * An owner on {@code ownerKind} changing users at {@code rate}/s, relayed by webhook to a mirror
   * on {@code mirrorKind}; returns the lag percentiles of the events applied.
   */
  private static String lag(
      TestDatabase.Kind ownerKind, TestDatabase.Kind mirrorKind, int rate, int seconds)
      throws Exception {
    ConcurrentLinkedQueue<Long> lagsMicros = new ConcurrentLinkedQueue<>();
    try (TestDatabase ownerDb = TestDatabase.create(ownerKind);
        TestDatabase mirrorDb = TestDatabase.create(mirrorKind);
        UserMirror mirror = mirror(mirrorDb);
        JdbcStores stores =
            JdbcStores.fromConfig(
                JdbcConfig.builder(ownerDb.url()).maximumPoolSize(8).migrate(true).build())) {
      HttpServer receiver = receiver(mirror, lagsMicros);
      UserClient owner =
          UserClient.builder()
              .stores(stores)
              .config(
                  UserSdkConfig.builder()
                      .environment(Environment.DEVELOPMENT)
                      .defaultBalance(Credits.ZERO)
                      .build())
              .subscribe(
                  Subscription.of(
                      "mirror",
                      WebhookSink.to(
                              "http://127.0.0.1:" + receiver.getAddress().getPort() + "/users")
                          .secret(SECRET)
                          .allowInsecureLoopback()
                          .build()))
              .relayConfig(RelayConfig.defaults().withPollInterval(Duration.ofMillis(50)))
              .build();
      List<UserId> ids = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        ids.add(owner.users().create(NewUser.email("u" + i + "@example.com")).id());
      }
      owner.events().runOnce();
      lagsMicros.clear();
      owner.events().start();
      int total = rate * seconds;
      ExecutorService writers = Executors.newFixedThreadPool(4);
      AtomicInteger written = new AtomicInteger();
      long started = System.nanoTime();
      long intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
      List<Future<?>> writing = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        writing.add(
            writers.submit(
                () -> {
                  for (int i; (i = written.getAndIncrement()) < total; ) {
                    long due = started + i * intervalNanos; // paced: change i at i / rate seconds
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                      TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    owner
                        .users()
                        .updateProfile(
                            ids.get(i % ids.size()), ProfileUpdate.of().company("c" + i));
                  }
                  return null;
                }));
      }
      for (Future<?> writer : writing) {
        writer.get(seconds * 10L, TimeUnit.SECONDS);
      }
      writers.shutdown();
      double achieved = total / ((System.nanoTime() - started) / 1e9);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (lagsMicros.size() < total && System.nanoTime() < deadline) {
        TimeUnit.MILLISECONDS.sleep(50);
      }
      owner.close();
      receiver.stop(0);
      List<Long> sorted = new ArrayList<>(lagsMicros);
      Collections.sort(sorted);
      if (sorted.size() < total) {
        return String.format(Locale.ROOT, "only %,d of %,d events arrived", sorted.size(), total);
      }
      return String.format(
          Locale.ROOT,
          "%,d changes at %,.0f/s (asked %,d/s): lag p50 %d ms, p99 %d ms, max %d ms",
          total,
          achieved,
          rate,
          sorted.get(sorted.size() / 2) / 1000,
          sorted.get((int) (sorted.size() * 0.99)) / 1000,
          sorted.get(sorted.size() - 1) / 1000);
    }
  }

  private static HttpServer receiver(UserMirror mirror, ConcurrentLinkedQueue<Long> lagsMicros)
      throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
    WebhookVerifier verifier = WebhookVerifier.of(SECRET);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.createContext(
        "/users",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          verifier.verify(exchange.getRequestHeaders(), body);
          mirror.apply(body);
          Instant changed = EventJson.parse(body).meta().time();
          lagsMicros.add(Duration.between(changed, Instant.now()).toNanos() / 1000);
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
    return server;
  }
}
