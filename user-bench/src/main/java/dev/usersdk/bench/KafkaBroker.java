package dev.usersdk.bench;

import dev.usersdk.kafka.KafkaSink;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** A one-node KRaft broker in this JVM for {@link RelayThroughput}, sized for a 2-core machine. */
final class KafkaBroker {
  private KafkaBroker() {}

  static KafkaClusterTestKit start() throws Exception {
    TestKitNodes nodes =
        new TestKitNodes.Builder()
            .setCombined(true)
            .setNumBrokerNodes(1)
            .setNumControllerNodes(1)
            .build();
    KafkaClusterTestKit cluster =
        new KafkaClusterTestKit.Builder(nodes)
            .setConfigProp("num.network.threads", "2")
            .setConfigProp("num.io.threads", "2")
            .setConfigProp("background.threads", "2")
            .setConfigProp("offsets.topic.num.partitions", "1")
            .build();
    cluster.format();
    cluster.startup();
    cluster.waitForReadyBrokers();
    return cluster;
  }

  /** A sink to a new topic of 3 partitions (users spread over them; each user's order kept). */
  static KafkaSink sink(KafkaClusterTestKit cluster, String topic) throws Exception {
    try (Admin admin = cluster.admin()) {
      admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
    }
    return KafkaSink.builder(cluster.bootstrapServers(), topic).build();
  }
}
