package dev.baton.cli.ops;

import dev.baton.cli.stack.Probes;
import dev.baton.schemas.KafkaConnection;
import dev.baton.schemas.SchemaRegistryClient;
import dev.baton.schemas.SchemaRegistryOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Where the operator tools read from, Kafka and the Schema Registry, and how long any one call may
 * wait. Each check fails fast with an {@link OpsException} that names the part and the address, so
 * a tool never hangs on an unreachable broker or registry.
 *
 * <pre>{@code
 * ClusterAccess access = new ClusterAccess(
 *     KafkaConnection.of("127.0.0.1:9092"), SchemaRegistryOptions.builder(url).build(), timeout);
 * access.requireReachable();
 * }</pre>
 *
 * @param kafka Kafka's {@code bootstrap.servers} and client configs (TLS, SASL)
 * @param registry the Confluent-compatible Schema Registry: its URL and credentials
 * @param timeout how long one call to Kafka or the registry may wait
 */
public record ClusterAccess(
    KafkaConnection kafka, SchemaRegistryOptions registry, Duration timeout) {

  /** The default of {@link #timeout()}. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  /** Checks that nothing is null and the timeout is positive. */
  public ClusterAccess {
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
  }

  /** Kafka's {@code bootstrap.servers}, for messages. */
  public String kafkaBootstrap() {
    return kafka.bootstrapServers();
  }

  /** Checks that Kafka and then the registry answer within the timeout. */
  public void requireReachable() {
    failIfPresent("kafka", kafkaBootstrap(), Probes.kafka(kafka, timeout));
    failIfPresent("registry", registryUrl(), Probes.registry(registry, timeout));
  }

  /** A registry client, with the registry's credentials, that times out after the timeout. */
  public SchemaRegistryClient registryClient() {
    return SchemaRegistryClient.create(
        new SchemaRegistryOptions(registry.baseUrl(), timeout, timeout, registry.auth()));
  }

  /** The registry's URL as given, without credentials (nor the slash the client adds). */
  private String registryUrl() {
    String url = registry.baseUrl().toString();
    return url.substring(0, url.length() - 1);
  }

  /**
   * A consumer of raw bytes with no group and no commits, reading only committed transactions; the
   * caller assigns partitions.
   */
  public KafkaConsumer<byte[], byte[]> rawConsumer() {
    Map<String, Object> props = kafka.clientConfig();
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // A broker that auto-creates topics must not create a mistyped one for a reader.
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "baton-ops");
    props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /**
   * Every partition of {@code topic}.
   *
   * @param hint what to check when the topic does not exist, for the message
   * @throws OpsException if Kafka does not answer or the topic does not exist
   */
  public List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic, String hint) {
    List<PartitionInfo> infos;
    try {
      infos = consumer.partitionsFor(topic, timeout);
    } catch (TimeoutException e) {
      throw OpsException.unreachable(
          "kafka",
          kafkaBootstrap(),
          timeout,
          OpsException.reason("TimeoutException", e.getMessage()));
    }
    if (infos == null || infos.isEmpty()) {
      throw OpsException.topicMissing(topic, kafkaBootstrap(), hint);
    }
    return infos.stream().map(info -> new TopicPartition(topic, info.partition())).toList();
  }

  private void failIfPresent(String part, String address, Optional<String> notReady) {
    notReady.ifPresent(
        why -> {
          int colon = why.indexOf(": ");
          String readable =
              colon < 0
                  ? why
                  : OpsException.reason(why.substring(0, colon), why.substring(colon + 2));
          throw OpsException.unreachable(part, address, timeout, readable);
        });
  }
}
