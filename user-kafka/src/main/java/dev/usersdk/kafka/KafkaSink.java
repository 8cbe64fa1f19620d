package dev.usersdk.kafka;

import dev.usersdk.ConfigurationException;
import dev.usersdk.event.DeliveredEvent;
import dev.usersdk.event.EventSink;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes each event to a Kafka topic: the record's key is the user id, its value the event JSON
 * ({@link DeliveredEvent#json()}), and its headers {@code event-id} (the event id, for
 * deduplication) and {@code event-type} (both UTF-8). {@link #deliver} returns once the broker has
 * acknowledged the record ({@code acks=all}: every in-sync replica has it); a timeout, an
 * unreachable cluster or a refused record is thrown, a failed attempt the relay retries.
 *
 * <p>Order per user: the relay hands over one user's events in order, one at a time, and the key
 * sends all of a user's events to the same partition, so consumers of that partition read them in
 * the order they happened. The producer is idempotent (at most 5 requests in flight per
 * connection), so its own retries neither duplicate nor reorder records; a delivery the relay
 * retries (its acknowledgement was lost) can still arrive twice: consumers deduplicate by {@code
 * event-id}. Adding partitions to the topic moves keys to other partitions and breaks the order
 * across the change.
 *
 * <p>One sink holds one producer (its own threads and connections): build it once, share it, and
 * {@link #close()} it when the application stops. Safe for use by several threads.
 */
public final class KafkaSink implements EventSink, AutoCloseable {
  /** The record header carrying {@link DeliveredEvent#id()}. */
  public static final String EVENT_ID_HEADER = "event-id";

  /** The record header carrying {@link DeliveredEvent#type()}. */
  public static final String EVENT_TYPE_HEADER = "event-type";

  private final Producer<String, String> producer;
  private final String bootstrapServers;
  private final String topic;
  private final Duration sendTimeout;

  private KafkaSink(Producer<String, String> producer, Builder builder) {
    this.producer = producer;
    this.bootstrapServers = builder.bootstrapServers;
    this.topic = builder.topic;
    this.sendTimeout = builder.sendTimeout;
  }

  /**
   * A sink to {@code topic} on the cluster at {@code bootstrapServers} ({@code host:port}, comma
   * separated). The topic must exist unless the cluster creates topics on first use.
   */
  public static Builder builder(String bootstrapServers, String topic) {
    return new Builder(bootstrapServers, topic);
  }

  /**
   * Sends the event and waits, at most the send timeout, for the broker's acknowledgement.
   *
   * @throws Exception the producer's exception for a refused or timed-out record (for example
   *     Kafka's {@code TimeoutException} when the cluster cannot be reached), a {@link
   *     TimeoutException} when no acknowledgement came in time, or {@link InterruptedException}
   *     (with the thread's interrupt flag set again, for callers that catch every exception)
   */
  @Override
  public void deliver(DeliveredEvent event) throws Exception {
    long deadline = System.nanoTime() + sendTimeout.toNanos();
    Future<RecordMetadata> ack;
    try {
      ack = producer.send(record(event)); // blocks at most max.block.ms, for metadata
    } catch (InterruptException e) { // Kafka's unchecked form of InterruptedException
      Thread.currentThread().interrupt(); // (Kafka set it again already; as in await, below)
      InterruptedException interrupted = new InterruptedException(e.getMessage());
      interrupted.initCause(e);
      throw interrupted;
    }
    await(ack, deadline, event);
  }

  private ProducerRecord<String, String> record(DeliveredEvent event) {
    ProducerRecord<String, String> record =
        new ProducerRecord<>(topic, event.userId().value().toString(), event.json());
    record.headers().add(EVENT_ID_HEADER, utf8(event.id().toString()));
    record.headers().add(EVENT_TYPE_HEADER, utf8(event.type()));
    return record;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private void await(Future<RecordMetadata> ack, long deadline, DeliveredEvent event)
      throws Exception {
    try {
      ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    } catch (TimeoutException e) {
      TimeoutException timeout =
          new TimeoutException(
              "no acknowledgement from Kafka for event " + event.id() + " within " + sendTimeout);
      timeout.initCause(e);
      throw timeout;
    } catch (InterruptedException e) {
      // The relay catches every exception as a failed attempt; the flag tells it to stop.
      Thread.currentThread().interrupt();
      throw e;
    }
  }

  /** Closes the producer, waiting at most the send timeout for records still in flight. */
  @Override
  public void close() {
    producer.close(sendTimeout);
  }

  @Override
  public String toString() {
    return "KafkaSink[" + bootstrapServers + " " + topic + "]"; // never the producer properties
  }

  /** Builds a {@link KafkaSink}. */
  public static final class Builder {
    /** Kafka's rule for topic names. */
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    // Kafka's ConfigException(name, value, message): "Invalid value V for configuration K: M".
    private static final Pattern INVALID_VALUE =
        Pattern.compile("(?s)Invalid value .* for configuration ([^\\s:]+)(?:: (.*))?");

    private static final Duration MAX_SEND_TIMEOUT = Duration.ofMinutes(2);
    private static final long MAX_REQUEST_TIMEOUT_MS = 30_000;

    /** What the sink's guarantees rest on, or what it sets from its own settings. */
    private static final Set<String> RESERVED =
        Set.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            ProducerConfig.ACKS_CONFIG,
            ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
            ProducerConfig.RETRIES_CONFIG,
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
            ProducerConfig.MAX_BLOCK_MS_CONFIG,
            ProducerConfig.TRANSACTIONAL_ID_CONFIG,
            ProducerConfig.PARTITIONER_IGNORE_KEYS_CONFIG);

    private final String bootstrapServers;
    private final String topic;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private Duration sendTimeout = Duration.ofSeconds(30);

    private Builder(String bootstrapServers, String topic) {
      this.bootstrapServers = bootstrapServers == null ? "" : bootstrapServers.strip();
      this.topic = topic == null ? "" : topic;
    }

    /**
     * An extra producer property: TLS or SASL settings ({@code security.protocol}, {@code
     * sasl.jaas.config} ...), {@code client.id}, {@code compression.type}, {@code linger.ms} (0
     * unless set: {@link KafkaSink#deliver} waits for each record, so lingering only delays it).
     * The settings the sink's guarantees rest on ({@code acks}, {@code enable.idempotence}, {@code
     * max.in.flight.requests.per.connection}, {@code retries}, the timeouts, the serializers,
     * {@code transactional.id}, {@code partitioner.ignore.keys}) are the sink's own and refused,
     * and so is a second value for the same key. Values are never logged or shown: they may be
     * secrets.
     *
     * @throws ConfigurationException for a blank, reserved or repeated key, or a null value
     */
    public Builder property(String key, String value) {
      if (key == null || key.isBlank()) {
        throw new ConfigurationException("a Kafka producer property needs a key");
      }
      if (RESERVED.contains(key)) {
        throw new ConfigurationException(
            "the Kafka producer property " + key + " is set by KafkaSink and cannot be changed");
      }
      if (value == null) {
        throw new ConfigurationException("the Kafka producer property " + key + " needs a value");
      }
      if (properties.containsKey(key)) {
        throw new ConfigurationException("the Kafka producer property " + key + " is set twice");
      }
      properties.put(key, value);
      return this;
    }

    /**
     * How long {@link KafkaSink#deliver} waits in all, for the cluster's metadata and then for the
     * acknowledgement; default 30 s, at most 2 minutes. It is also the producer's {@code
     * delivery.timeout.ms}.
     */
    public Builder sendTimeout(Duration value) {
      this.sendTimeout = Objects.requireNonNull(value, "sendTimeout");
      return this;
    }

    /**
     * Checks the settings and builds the sink, with its producer.
     *
     * @throws ConfigurationException for a blank bootstrapServers, a topic that is not a Kafka
     *     topic name, a send timeout out of range, or producer properties Kafka refuses
     */
    public KafkaSink build() {
      if (bootstrapServers.isEmpty()) {
        throw new ConfigurationException("bootstrapServers must name at least one host:port");
      }
      if (!TOPIC.matcher(topic).matches()) {
        throw new ConfigurationException(
            "topic must be 1 to 249 characters of a-z, A-Z, 0-9, '.', '_', '-', was '"
                + topic
                + "'");
      }
      long lingerMs = lingerMs();
      if (sendTimeout.isNegative()
          || sendTimeout.compareTo(MAX_SEND_TIMEOUT) > 0
          || sendTimeout.toMillis() <= lingerMs) {
        throw new ConfigurationException(
            "sendTimeout must be longer than linger.ms ("
                + lingerMs
                + " ms) and at most 2 minutes, was "
                + sendTimeout);
      }
      try {
        return new KafkaSink(new KafkaProducer<>(producerConfig(lingerMs)), this);
      } catch (KafkaException e) {
        // Without the cause: its messages may quote a value, or a fragment of sasl.jaas.config.
        throw new ConfigurationException(
            "the Kafka producer refused its configuration: " + withoutValues(e));
      }
    }

    /**
     * What Kafka's own configuration check said, with the setting's name and rule but not the value
     * it quotes; for any other failure (the JAAS parser's messages quote the config) the types
     * only.
     */
    private static String withoutValues(KafkaException e) {
      List<String> types = new ArrayList<>();
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof ConfigException && t.getMessage() != null) {
          Matcher invalid = INVALID_VALUE.matcher(t.getMessage());
          if (invalid.matches()) {
            return invalid.group(1)
                + (invalid.group(2) == null ? " has an invalid value" : ": " + invalid.group(2));
          }
          if (!t.getMessage().startsWith("Invalid value")) {
            return t.getMessage(); // "Missing required configuration ...", bootstrap.servers
          }
        }
        types.add(t.getClass().getSimpleName());
      }
      return String.join(", caused by ", types)
          + " (messages withheld: they may quote a secret setting)";
    }

    private long lingerMs() {
      String linger = properties.getOrDefault(ProducerConfig.LINGER_MS_CONFIG, "0").strip();
      if (!linger.matches("[0-9]{1,9}")) {
        throw new ConfigurationException(
            "linger.ms must be a whole number of milliseconds, at most 999999999");
      }
      return Long.parseLong(linger);
    }

    private Map<String, Object> producerConfig(long lingerMs) {
      long sendMs = sendTimeout.toMillis();
      Map<String, Object> config = new HashMap<>();
      // linger 0 unless asked: deliver waits for each record, so lingering only adds latency
      // (records sent by concurrent callers still share batches while requests are in flight).
      config.put(ProducerConfig.LINGER_MS_CONFIG, "0");
      config.putAll(properties);
      config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
      config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
      config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
      // Idempotent: retries neither duplicate nor, with at most 5 requests in flight, reorder.
      config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
      config.put(ProducerConfig.ACKS_CONFIG, "all");
      config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
      config.put(ProducerConfig.RETRIES_CONFIG, Integer.toString(Integer.MAX_VALUE));
      // Retries end with the send timeout; Kafka requires delivery >= linger + request timeout.
      config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(sendMs));
      config.put(
          ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
          Long.toString(Math.min(MAX_REQUEST_TIMEOUT_MS, sendMs - lingerMs)));
      // send() itself waits for metadata (an unknown or unreachable cluster) this long at most.
      config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(sendMs));
      return config;
    }
  }
}
