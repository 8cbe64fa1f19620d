package dev.usersdk.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.usersdk.Environment;
import dev.usersdk.UserClient;
import dev.usersdk.UserSdkConfig;
import dev.usersdk.UserSdkException;
import dev.usersdk.event.RelayConfig;
import dev.usersdk.event.Subscription;
import dev.usersdk.event.WebhookSink;
import dev.usersdk.event.WebhookVerifier;
import dev.usersdk.ledger.Credits;
import dev.usersdk.ledger.IdempotencyKey;
import dev.usersdk.ledger.InsufficientBalanceException;
import dev.usersdk.testkit.TestDatabase;
import dev.usersdk.user.NewUser;
import dev.usersdk.user.ProfileUpdate;
import dev.usersdk.user.UserId;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events under faults, end to end on the real servers: writers make {@value #MUTATIONS} changes
 * (sign-ups, profile updates, status changes, deductions) while relays on two "nodes" deliver them
 * over real HTTP to a receiver that verifies every signature, answers 500 for a while and then
 * times out for a while; now and then a relay node is killed between sending and marking (its
 * batch stays leased and another delivers it again). In the end the receiver has every event of the
 * outbox at least once, and per user, after deduplication by event id, user events in increasing
 * version and ledger events in the order they committed.
 */
class EventsChaosTest {
  private static final Logger log = LoggerFactory.getLogger(EventsChaosTest.class);
  /** {@code -Dusersdk.chaos.mutations=N} for a shorter run while working on the relay. */
  static final int MUTATIONS = Integer.getInteger("usersdk.chaos.mutations", 50_000);
  private static final int WRITERS = 4;
  private static final int USERS = 500;
  private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(
      "a-32-byte-webhook-signing-key!!!".getBytes(StandardCharsets.UTF_8));
  private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");
  private static final Pattern USER = Pattern.compile("\"user_id\":\"([0-9a-f-]{36})\"");
  private static final Pattern VERSION = Pattern.compile("\"user_version\":(\\d+)");
  private static final Pattern TYPE = Pattern.compile("\"type\":\"([a-z_.]+)\"");

  /** A relay process dying between sending a batch and marking it. */
  static final class Killed extends Error {
    private static final long serialVersionUID = 1L;
  }

  record Arrival(UUID id, UserId user, String type, long version) {}

  private final ConcurrentLinkedQueue<Arrival> arrivals = new ConcurrentLinkedQueue<>();
  private final AtomicInteger refusedSignatures = new AtomicInteger();
  private volatile String mode = "ok";

  @ParameterizedTest
  @EnumSource(value = TestDatabase.Kind.class, names = {"MYSQL", "POSTGRESQL"})
  void everyEventArrivesAtLeastOnceInOrderPerUserDespiteKilledRelaysAndAFailingEndpoint(TestDatabase.Kind kind)
      throws Exception {
    HttpServer server = receiver();
    String endpoint = "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    RelayConfig relay = RelayConfig.defaults().withBatchSize(100).withLease(Duration.ofSeconds(1))
        .withRetrySchedule(Collections.nCopies(60, Duration.ofMillis(200)));
    try (TestDatabase database = TestDatabase.create(kind);
        JdbcStores writerStores = pool(database, 8, true);
        UserClient writer = client(writerStores, endpoint, relay, new AtomicInteger(Integer.MAX_VALUE))) {
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger kills = new AtomicInteger();
      ExecutorService nodes = Executors.newFixedThreadPool(2);
      List<Future<?>> relays = new ArrayList<>();
      List<JdbcStores> nodeStores = new ArrayList<>();
      for (int node = 0; node < 2; node++) {
        JdbcStores stores = pool(database, 2, false);
        nodeStores.add(stores);
        relays.add(nodes.submit(() -> runNode(stores, endpoint, relay, stop, kills)));
      }

      long started = System.nanoTime();
      List<UserId> users = mutate(writer, started);
      double writeSeconds = (System.nanoTime() - started) / 1e9;
      mode = "ok";
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
      int waited = 0;
      for (long backlog; (backlog = writer.events().backlog("hooks")) > 0 && System.nanoTime() < deadline; ) {
        if (waited++ % 50 == 0) {
          log.info("{}: {} deliveries pending, {} arrivals so far", kind, backlog, arrivals.size());
        }
        Thread.sleep(100);
      }
      double allSeconds = (System.nanoTime() - started) / 1e9;
      stop.set(true);
      for (Future<?> f : relays) {
        f.get(1, TimeUnit.MINUTES);
      }
      nodes.shutdown();
      nodeStores.forEach(JdbcStores::close);
      server.stop(0);

      Map<UUID, Long> outbox = outbox(database, kind);
      Map<UUID, Arrival> first = new HashMap<>();
      for (Arrival arrival : arrivals) {
        first.putIfAbsent(arrival.id(), arrival);
      }
      assertThat(refusedSignatures.get()).as("every delivery was genuinely signed").isZero();
      assertThat(writer.events().backlog("hooks")).as("all delivered").isZero();
      assertThat(outbox.keySet()).as("no event lost").allMatch(first::containsKey);
      assertThat(outbox.size()).as("an event per change (enabling an enabled user changes nothing)")
          .isGreaterThan(MUTATIONS / 2);

      Map<UserId, Long> lastVersion = new HashMap<>();
      Map<UserId, Long> lastSequence = new HashMap<>();
      List<UUID> seen = new ArrayList<>();
      for (Arrival arrival : arrivals) {
        if (first.get(arrival.id()) != arrival) {
          continue; // a repeat: deduplicated by event id
        }
        seen.add(arrival.id());
        if (arrival.type().startsWith("user.")) {
          Long before = lastVersion.put(arrival.user(), arrival.version());
          assertThat(before == null || arrival.version() > before).as("user events of %s in version order", arrival.user())
              .isTrue();
        } else {
          Long before = lastSequence.put(arrival.user(), outbox.get(arrival.id()));
          assertThat(before == null || outbox.get(arrival.id()) > before).as("ledger events of %s in commit order",
              arrival.user()).isTrue();
        }
      }
      log.info("{}: {} mutations of {} users in {} s, all {} events delivered after {} s: {} deliveries ({} repeats),"
              + " {} relay kills", kind, MUTATIONS, users.size(), String.format("%.1f", writeSeconds), outbox.size(),
          String.format("%.1f", allSeconds), arrivals.size(), arrivals.size() - seen.size(), kills.get());
      assertThat(kills.get()).as("relays were killed mid-batch").isPositive();
      assertThat(arrivals.size()).as("and redelivered what they had sent").isGreaterThan(seen.size());
    }
  }

  private static JdbcStores pool(TestDatabase database, int size, boolean migrate) {
    return JdbcStores.fromConfig(JdbcConfig.builder(database.url()).maximumPoolSize(size).migrate(migrate).build());
  }

  private static UserClient client(JdbcStores stores, String endpoint, RelayConfig relay, AtomicInteger killIn) {
    WebhookSink webhook = WebhookSink.to(endpoint).secret(SECRET).allowInsecureLoopback()
        .timeout(Duration.ofMillis(300)).connectTimeout(Duration.ofMillis(300)).build();
    return UserClient.builder().stores(stores)
        .config(UserSdkConfig.builder().environment(Environment.DEVELOPMENT).defaultBalance(Credits.of(1_000)).build())
        .subscribe(Subscription.of("hooks", event -> {
          webhook.deliver(event);
          if (killIn.decrementAndGet() == 0) {
            throw new Killed(); // sent, never marked
          }
        }))
        .relayConfig(relay)
        .build();
  }

  /** A relay node: delivers until stopped; when killed, starts again as a new process would. */
  private void runNode(JdbcStores stores, String endpoint, RelayConfig relay, AtomicBoolean stop, AtomicInteger kills) {
    while (!stop.get()) {
      AtomicInteger killIn = new AtomicInteger(ThreadLocalRandom.current().nextInt(MUTATIONS / 100, MUTATIONS / 20));
      UserClient node = client(stores, endpoint, relay, killIn);
      try {
        while (!stop.get()) {
          if (node.events().runOnce() == 0) {
            Thread.sleep(20);
          }
        }
      } catch (Killed killed) {
        kills.incrementAndGet();
      } catch (UserSdkException e) {
        log.debug("relay node: store hiccup {}", e.code());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** {@value #MUTATIONS} changes by {@value #WRITERS} writers; the endpoint fails for a while, then hangs. */
  private List<UserId> mutate(UserClient writer, long started) throws Exception {
    List<UserId> users = Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < USERS; i++) {
      users.add(writer.users().create(NewUser.email("user" + i + "@example.com")).id());
    }
    AtomicInteger next = new AtomicInteger(USERS);
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    List<Future<?>> done = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      done.add(pool.submit(() -> {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i; (i = next.getAndIncrement()) < MUTATIONS; ) {
          double elapsed = (System.nanoTime() - started) / 1e9;
          mode = elapsed > 3 && elapsed < 6 ? "500" : elapsed > 9 && elapsed < 11 ? "hang" : "ok";
          UserId user = users.get(random.nextInt(users.size()));
          switch (i % 10) {
            case 0 -> users.add(writer.users().create(NewUser.email("new" + i + "@example.com")).id());
            case 1, 2, 3 -> writer.users().updateProfile(user, ProfileUpdate.of().company("c" + i));
            case 4 -> writer.users().disable(user);
            case 5 -> writer.users().enable(user);
            default -> {
              try {
                writer.ledger().deduct(user, Credits.of("0.01"), IdempotencyKey.of("m-" + i));
              } catch (InsufficientBalanceException e) {
                writer.users().updateProfile(user, ProfileUpdate.of().company("broke" + i));
              }
            }
          }
        }
        return null;
      }));
    }
    for (Future<?> f : done) {
      f.get(15, TimeUnit.MINUTES);
    }
    pool.shutdown();
    return users;
  }

  private HttpServer receiver() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    WebhookVerifier verifier = WebhookVerifier.of(SECRET);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/hooks", exchange -> receive(exchange, verifier));
    server.start();
    return server;
  }

  private void receive(HttpExchange exchange, WebhookVerifier verifier) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String now = mode;
    if (now.equals("500")) {
      exchange.sendResponseHeaders(500, -1);
      exchange.close();
      return;
    }
    if (now.equals("hang")) {
      try {
        Thread.sleep(1_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      verifier.verify(exchange.getRequestHeaders(), body);
    } catch (UserSdkException e) {
      refusedSignatures.incrementAndGet();
      exchange.sendResponseHeaders(400, -1);
      exchange.close();
      return;
    }
    // Recorded before answering: a receiver may get what the sender then counts as failed.
    arrivals.add(new Arrival(UUID.fromString(group(ID, body)), UserId.of(UUID.fromString(group(USER, body))),
        group(TYPE, body), Long.parseLong(group(VERSION, body))));
    exchange.sendResponseHeaders(204, -1);
    exchange.close();
  }

  private static String group(Pattern pattern, String body) {
    Matcher matcher = pattern.matcher(body);
    if (!matcher.find()) {
      throw new IllegalStateException("no " + pattern + " in the event");
    }
    return matcher.group(1);
  }

  /** Every event in the outbox, with its sequence. */
  private static Map<UUID, Long> outbox(TestDatabase database, TestDatabase.Kind kind) throws Exception {
    Map<UUID, Long> events = new HashMap<>();
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(
            "SELECT event_id, seq FROM usersdk_event_deliveries WHERE subscription = 'hooks'")) {
      while (rs.next()) {
        UUID id;
        if (kind == TestDatabase.Kind.MYSQL) {
          ByteBuffer bytes = ByteBuffer.wrap(rs.getBytes(1));
          id = new UUID(bytes.getLong(), bytes.getLong());
        } else {
          id = rs.getObject(1, UUID.class);
        }
        events.put(id, rs.getLong(2));
      }
    }
    return events;
  }
}
