package dev.usersdk.kafka;

import dev.usersdk.event.EventSink;
import dev.usersdk.jdbc.JdbcMirrorStore;
import dev.usersdk.jdbc.JdbcStores;
import dev.usersdk.mirror.MirrorStore;
import dev.usersdk.spi.Stores;
import dev.usersdk.testkit.TestDatabase;
import dev.usersdk.testkit.contract.MirrorEndToEnd;
import dev.usersdk.user.UserId;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The owner on PostgreSQL, the mirror on MariaDB, events carried by Kafka: a real KRaft broker in
 * this JVM, the owner's {@link KafkaSink}, and a consumer that applies each record's value to the
 * mirror (a cut transport is a paused consumer: the records wait in the topic).
 */
class KafkaMirrorEndToEndTest extends MirrorEndToEnd {
  private static KafkaClusterTestKit cluster;
  private static final List<TestDatabase> databases = new ArrayList<>();
  private static final AtomicInteger topics = new AtomicInteger();
  private TestDatabase mirrorDb;

  @BeforeAll
  static void startCluster() throws Exception {
    TestKitNodes nodes = new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1)
        .build();
    cluster = new KafkaClusterTestKit.Builder(nodes).setConfigProp("num.network.threads", "1")
        .setConfigProp("num.io.threads", "2").setConfigProp("background.threads", "2")
        .setConfigProp("offsets.topic.num.partitions", "1").build();
    cluster.format();
    cluster.startup();
    cluster.waitForReadyBrokers();
  }

  @AfterAll
  static void stopAll() throws Exception {
    databases.forEach(TestDatabase::close);
    if (cluster != null) {
      cluster.close();
    }
  }

  @Override
  protected Stores ownerStores() {
    TestDatabase db = TestDatabase.create(TestDatabase.Kind.POSTGRESQL);
    databases.add(db);
    return JdbcStores.builder(db.dataSource()).migrate(true).build();
  }

  @Override
  protected MirrorStore mirrorStore() {
    if (mirrorDb == null) {
      mirrorDb = TestDatabase.create(TestDatabase.Kind.MYSQL);
      databases.add(mirrorDb);
    }
    return JdbcMirrorStore.builder(mirrorDb.dataSource()).migrate(true).build();
  }

  @Override
  protected void overwriteEmail(UserId userId, String email) {
    try (Connection connection = mirrorDb.dataSource().getConnection();
        PreparedStatement update =
            connection.prepareStatement("UPDATE usersdk_mirror_users SET email = ? WHERE user_id = ?")) {
      update.setString(1, email);
      update.setBytes(2, ByteBuffer.allocate(16).putLong(userId.value().getMostSignificantBits())
          .putLong(userId.value().getLeastSignificantBits()).array());
      update.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  protected Transport transport() {
    return new KafkaTransport("mirror-e2e-" + topics.incrementAndGet());
  }

  /** The owner's KafkaSink to a topic of 3 partitions; the mirror's side is a consumer. */
  private static final class KafkaTransport implements Transport {
    private final String topic;
    private final KafkaConsumer<String, String> consumer;
    private final List<TopicPartition> partitions = new ArrayList<>();
    private KafkaSink sink;
    private Consumer<String> receiver = json -> {};
    private boolean down;

    KafkaTransport(String topic) {
      this.topic = topic;
      try (Admin admin = cluster.admin()) {
        admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      Properties config = new Properties();
      config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
      config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
      config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
      config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
      consumer = new KafkaConsumer<>(config);
      for (int p = 0; p < 3; p++) {
        partitions.add(new TopicPartition(topic, p));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
    }

    @Override
    public EventSink sink(Consumer<String> receiver) {
      this.receiver = receiver;
      sink = KafkaSink.builder(cluster.bootstrapServers(), topic).build();
      return sink;
    }

    /** Polls until the consumer has applied everything the broker holds (unless cut). */
    @Override
    public void settle() {
      if (down) {
        return;
      }
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the consumer did not catch up in 30 s");
        }
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          receiver.accept(record.value());
        }
      }
    }

    /** Cut: the consumer stops reading; the records wait in the topic, as in a consumer outage. */
    @Override
    public void cut(boolean down) {
      this.down = down;
    }

    @Override
    public void close() {
      consumer.close();
      if (sink != null) {
        sink.close();
      }
    }
  }
}
