package dev.usersdk.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.usersdk.ConfigurationException;
import dev.usersdk.event.DeliveredEvent;
import dev.usersdk.user.UserId;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against a real broker: one combined KRaft broker/controller in this JVM, started once. */
class KafkaSinkTest {
  private static final Pattern NUMBER = Pattern.compile("\"n\":(\\d+)");

  private static KafkaClusterTestKit cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    TestKitNodes nodes =
        new TestKitNodes.Builder()
            .setCombined(true)
            .setNumBrokerNodes(1)
            .setNumControllerNodes(1)
            .build();
    cluster =
        new KafkaClusterTestKit.Builder(nodes)
            .setConfigProp("num.network.threads", "1")
            .setConfigProp("num.io.threads", "2")
            .setConfigProp("background.threads", "2")
            .setConfigProp("num.partitions", "1")
            .setConfigProp("offsets.topic.num.partitions", "1")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            .build();
    cluster.format();
    cluster.startup();
    cluster.waitForReadyBrokers();
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void deliversKeyedByUserWithTheJsonAndHeaders() throws Exception {
    String topic = createTopic("events-basic", 1);
    UserId alice = UserId.of(UUID.randomUUID());
    UserId bob = UserId.of(UUID.randomUUID());
    List<DeliveredEvent> events =
        List.of(
            event(alice, "user.created", 1), event(bob, "user.created", 1),
            event(alice, "user.updated", 2));

    try (KafkaSink sink = KafkaSink.builder(cluster.bootstrapServers(), topic).build()) {
      for (DeliveredEvent event : events) {
        sink.deliver(event);
      }
    }

    List<ConsumerRecord<String, String>> records = consume(topic, 1, events.size());
    assertThat(records).hasSize(3);
    for (int i = 0; i < events.size(); i++) {
      DeliveredEvent sent = events.get(i);
      ConsumerRecord<String, String> got = records.get(i);
      assertThat(got.key()).isEqualTo(sent.userId().value().toString());
      assertThat(got.value()).isEqualTo(sent.json());
      assertThat(header(got, "event-id")).isEqualTo(sent.id().toString());
      assertThat(header(got, "event-type")).isEqualTo(sent.type());
    }
  }

  @Test
  void everyEventArrivesInOrderPerUser() throws Exception {
    String topic = createTopic("events-order", 3);
    int users = 200;
    int total = 10_000;
    List<UserId> ids = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      ids.add(UserId.of(UUID.randomUUID()));
    }
    Map<UserId, Integer> counters = new HashMap<>();
    Random random = new Random(42);
    List<DeliveredEvent> events = new ArrayList<>(total);
    for (int i = 0; i < total; i++) {
      UserId user = ids.get(random.nextInt(users)); // interleaved, uneven per user
      events.add(event(user, "user.updated", counters.merge(user, 1, Integer::sum)));
    }

    long started = System.nanoTime();
    try (KafkaSink sink = KafkaSink.builder(cluster.bootstrapServers(), topic).build()) {
      for (DeliveredEvent event : events) {
        sink.deliver(event);
      }
    }
    long elapsedNanos = System.nanoTime() - started;
    System.out.printf(
        "sequential deliver: %d events in %d ms, %.0f events/s%n",
        total, elapsedNanos / 1_000_000, total / (elapsedNanos / 1e9));

    List<ConsumerRecord<String, String>> records = consume(topic, 3, total);
    Set<String> sentIds = new HashSet<>();
    events.forEach(e -> sentIds.add(e.id().toString()));
    Set<String> receivedIds = new HashSet<>();
    Map<String, Integer> lastNumber = new HashMap<>();
    Map<String, Integer> partitionOf = new HashMap<>();
    for (ConsumerRecord<String, String> record : records) {
      assertThat(receivedIds.add(header(record, "event-id")))
          .as("event %s arrives once", header(record, "event-id"))
          .isTrue();
      assertThat(partitionOf.computeIfAbsent(record.key(), k -> record.partition()))
          .as("user %s stays on one partition", record.key())
          .isEqualTo(record.partition());
      int n = number(record.value());
      int last = lastNumber.getOrDefault(record.key(), 0);
      assertThat(n).as("user %s: event after %d", record.key(), last).isEqualTo(last + 1);
      lastNumber.put(record.key(), n);
    }
    assertThat(receivedIds).isEqualTo(sentIds);
    Map<String, Integer> expectedLast = new HashMap<>();
    counters.forEach((user, n) -> expectedLast.put(user.value().toString(), n));
    assertThat(lastNumber).isEqualTo(expectedLast);
    assertThat(new HashSet<>(partitionOf.values())).containsExactlyInAnyOrder(0, 1, 2);
  }

  @Test
  void anUnreachableClusterFailsTheDeliveryInBoundedTime() throws Exception {
    try (KafkaSink sink =
        KafkaSink.builder("127.0.0.1:" + closedPort(), "events")
            .sendTimeout(Duration.ofSeconds(2))
            .build()) {
      DeliveredEvent event = event(UserId.of(UUID.randomUUID()), "user.created", 1);
      assertTimeoutPreemptively(
          Duration.ofSeconds(20),
          () ->
              assertThatThrownBy(() -> sink.deliver(event))
                  .isInstanceOf(org.apache.kafka.common.errors.TimeoutException.class));
    }
  }

  @Test
  void anInterruptedDeliveryThrowsAndKeepsTheFlag() throws Exception {
    try (KafkaSink sink =
        KafkaSink.builder("127.0.0.1:" + closedPort(), "events")
            .sendTimeout(Duration.ofSeconds(10))
            .build()) {
      AtomicReference<Throwable> thrown = new AtomicReference<>();
      AtomicReference<Boolean> flag = new AtomicReference<>();
      Thread relay =
          new Thread(
              () -> {
                try {
                  sink.deliver(event(UserId.of(UUID.randomUUID()), "user.created", 1));
                } catch (Exception e) {
                  thrown.set(e);
                }
                flag.set(Thread.currentThread().isInterrupted());
              });
      relay.start();
      // Until it waits (for metadata that cannot come) inside the producer.
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (relay.getState() != Thread.State.TIMED_WAITING && relay.getState() != Thread.State.WAITING
          && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      relay.interrupt();
      relay.join(Duration.ofSeconds(5).toMillis());

      assertThat(relay.isAlive()).isFalse();
      assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
      assertThat(flag.get()).isTrue();
    }
  }

  @Test
  void theBuilderNamesWhatIsWrongAndNeverShowsPropertyValues() throws Exception {
    assertThatThrownBy(() -> KafkaSink.builder(" ", "events").build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("bootstrapServers");
    assertThatThrownBy(() -> KafkaSink.builder("localhost:9092", " ").build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("topic");
    assertThatThrownBy(() -> KafkaSink.builder("localhost:9092", "").build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("topic");
    assertThatThrownBy(() -> KafkaSink.builder("localhost:9092", "user events").build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("topic");
    assertThatThrownBy(
            () ->
                KafkaSink.builder("localhost:9092", "events")
                    .sendTimeout(Duration.ZERO)
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("sendTimeout");
    assertThatThrownBy(
            () ->
                KafkaSink.builder("localhost:9092", "events")
                    .property("linger.ms", "50")
                    .sendTimeout(Duration.ofMillis(50))
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("sendTimeout");
    assertThatThrownBy(
            () -> KafkaSink.builder("localhost:9092", "events").property("acks", "1"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("acks");
    assertThatThrownBy(
            () ->
                KafkaSink.builder("localhost:9092", "events")
                    .property("enable.idempotence", "false"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("enable.idempotence");

    String secret = "fake-secret-b4f1e0";
    String jaas =
        "org.apache.kafka.common.security.plain.PlainLoginModule required"
            + " username=\"svc\" password=\"" + secret + "\";";
    assertThatThrownBy(
            () ->
                KafkaSink.builder("localhost:9092", "events")
                    .property("sasl.jaas.config", jaas)
                    .property("sasl.jaas.config", jaas))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("sasl.jaas.config")
        .hasMessageNotContaining(secret);
    // Kafka's JAAS parser quotes the token it trips on: here the secret.
    String malformed =
        "org.apache.kafka.common.security.plain.PlainLoginModule \"" + secret + "\";";
    assertThatThrownBy(
            () ->
                KafkaSink.builder("127.0.0.1:" + closedPort(), "events")
                    .property("security.protocol", "SASL_PLAINTEXT")
                    .property("sasl.mechanism", "PLAIN")
                    .property("sasl.jaas.config", malformed)
                    .build()
                    .close())
        .isInstanceOf(ConfigurationException.class)
        .satisfies(e -> assertThat(allMessages(e)).doesNotContain(secret));
    // Kafka's own check quotes the value of a setting that is not a password type.
    assertThatThrownBy(
            () ->
                KafkaSink.builder("127.0.0.1:" + closedPort(), "events")
                    .property("compression.type", secret)
                    .build()
                    .close())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("compression.type")
        .satisfies(e -> assertThat(allMessages(e)).doesNotContain(secret));

    try (KafkaSink sink =
        KafkaSink.builder("127.0.0.1:" + closedPort(), "events")
            .property("sasl.jaas.config", jaas)
            .property("client.id", "usersdk-test")
            .build()) {
      assertThat(sink.toString())
          .contains("127.0.0.1:")
          .contains("events")
          .doesNotContain(secret)
          .doesNotContain("usersdk-test");
    }
  }

  /**
   * End to end: 10,000 changes through a client whose outbox is relayed to the broker (in-memory
   * stores: the outbox and relay are the same code on every store); every event arrives, keyed by
   * user, each user's events in the order of their versions.
   */
  @Test
  void everyEventOfTenThousandChangesReachesTheTopicInOrderPerUser() throws Exception {
    String topic = createTopic("events-e2e", 3);
    try (KafkaSink sink =
            KafkaSink.builder(cluster.bootstrapServers(), topic)
                .sendTimeout(Duration.ofSeconds(30))
                .build();
        dev.usersdk.UserClient client =
            dev.usersdk.UserClient.builder()
                .stores(dev.usersdk.testkit.memory.InMemoryStores.create())
                .config(
                    dev.usersdk.UserSdkConfig.builder()
                        .environment(dev.usersdk.Environment.DEVELOPMENT)
                        .build())
                .subscribe(dev.usersdk.event.Subscription.of("kafka", sink))
                .build()) {
      List<UserId> users = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        users.add(client.users().create(dev.usersdk.user.NewUser.email("u" + i + "@example.com")).id());
      }
      for (int i = users.size(); i < 10_000; i++) {
        client.users().updateProfile(users.get(i % users.size()),
            dev.usersdk.user.ProfileUpdate.of().company("c" + i));
      }
      long started = System.nanoTime();
      int delivered = client.events().runOnce();
      double seconds = (System.nanoTime() - started) / 1e9;
      assertThat(client.events().backlog("kafka")).isZero();

      List<ConsumerRecord<String, String>> records = consume(topic, 3, delivered);
      assertThat(records).hasSize(delivered);
      assertThat(delivered).as("one event per change, plus the opening balances").isGreaterThanOrEqualTo(10_000);
      Pattern version = Pattern.compile("\"user_version\":(\\d+)");
      Map<String, Long> last = new HashMap<>();
      for (ConsumerRecord<String, String> record : records) {
        if (!record.value().contains("\"type\":\"user.")) {
          continue;
        }
        Matcher matcher = version.matcher(record.value());
        assertThat(matcher.find()).isTrue();
        long v = Long.parseLong(matcher.group(1));
        Long before = last.put(record.key(), v);
        assertThat(before == null || v > before).as("user %s in version order", record.key()).isTrue();
      }
      assertThat(last).hasSize(users.size());
      System.out.printf("relay to kafka: %d events in %.1f s = %.0f events/s%n", delivered, seconds,
          delivered / seconds);
    }
  }

  private static String allMessages(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(t).append('\n');
    }
    return all.toString();
  }

  private static String createTopic(String name, int partitions) throws Exception {
    try (Admin admin = cluster.admin()) {
      admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
    }
    return name;
  }

  /** Reads the topic from the start, partition by partition order kept, until {@code count}. */
  private static List<ConsumerRecord<String, String>> consume(
      String topic, int partitions, int count) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
      List<TopicPartition> assigned = new ArrayList<>();
      for (int p = 0; p < partitions; p++) {
        assigned.add(new TopicPartition(topic, p));
      }
      consumer.assign(assigned); // no group: no coordinator, no offsets topic
      consumer.seekToBeginning(assigned);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (records.size() < count && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      // Anything beyond count would be a duplicate: look once more.
      consumer.poll(Duration.ofMillis(200)).forEach(records::add);
    }
    return records;
  }

  private static DeliveredEvent event(UserId user, String type, int number) {
    UUID id = UUID.randomUUID();
    String json =
        "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"userId\":\"" + user + "\",\"n\":"
            + number + "}";
    return new DeliveredEvent(id, type, user, Instant.now(), json, 1);
  }

  private static int number(String json) {
    Matcher m = NUMBER.matcher(json);
    assertThat(m.find()).as("a number in %s", json).isTrue();
    return Integer.parseInt(m.group(1));
  }

  private static String header(ConsumerRecord<String, String> record, String name) {
    Header header = record.headers().lastHeader(name);
    assertThat(header).as("header %s", name).isNotNull();
    return new String(header.value(), StandardCharsets.UTF_8);
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
