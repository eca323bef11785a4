package dev.baton.coordinator;

import dev.baton.schemas.KafkaConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settings of the brokers that the coordinator's throughput depends on but that only the cluster's
 * operator can change, read when a coordinator starts so that its log says what to change. One so
 * far: {@value #ADD_PARTITIONS_RETRY_BACKOFF_CONFIG}. With transactions v2 the broker adds a
 * partition to a transaction when its first record arrives and, while the previous transaction of
 * the same producer is still completing, tries again after this backoff (Kafka's default 20 ms). A
 * busy coordinator under exactly-once begins a transaction right after each commit, so each could
 * wait that long; at 1 ms the benchmark's exactly-once loop at 1000x20 did 1.6 to 1.8 times the
 * turns a second (docs/architecture.md, "Exactly-once").
 *
 * <p>Best effort: a broker that does not answer, or a principal without {@code DESCRIBE_CONFIGS} on
 * the cluster, leaves the setting unread (logged at debug level), and the coordinator starts
 * anyway.
 */
public final class BrokerSettings {

  /** The broker setting: how long the broker waits before adding a partition again. */
  public static final String ADD_PARTITIONS_RETRY_BACKOFF_CONFIG =
      "add.partitions.to.txn.retry.backoff.ms";

  /** The longest backoff the coordinator accepts without a warning, in milliseconds. */
  public static final long ADVISED_MAX_ADD_PARTITIONS_RETRY_BACKOFF_MS = 5;

  private static final Logger log = LoggerFactory.getLogger(BrokerSettings.class);

  private BrokerSettings() {}

  /**
   * Each broker's {@value #ADD_PARTITIONS_RETRY_BACKOFF_CONFIG} in milliseconds, by broker id, read
   * through {@code kafka}; a broker that reports no number for it is left out.
   *
   * @throws ExecutionException if the cluster refused a request (an ACL, say)
   * @throws TimeoutException if it did not answer within {@code timeout}
   */
  public static Map<String, Long> addPartitionsRetryBackoffs(
      KafkaConnection kafka, Duration timeout)
      throws ExecutionException, TimeoutException, InterruptedException {
    Map<String, Object> config = kafka.clientConfig();
    config.put(AdminClientConfig.CLIENT_ID_CONFIG, "baton-broker-settings");
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    try (Admin admin = Admin.create(config)) {
      List<ConfigResource> brokers =
          admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).stream()
              .map(node -> new ConfigResource(ConfigResource.Type.BROKER, node.idString()))
              .toList();
      Map<ConfigResource, Config> configs =
          admin.describeConfigs(brokers).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      Map<String, Long> backoffs = new TreeMap<>();
      configs.forEach(
          (broker, brokerConfig) ->
              millis(brokerConfig.get(ADD_PARTITIONS_RETRY_BACKOFF_CONFIG))
                  .ifPresent(ms -> backoffs.put(broker.name(), ms)));
      return backoffs;
    }
  }

  /**
   * What to change on broker {@code brokerId} whose backoff is {@code backoffMs}, if it is over
   * {@link #ADVISED_MAX_ADD_PARTITIONS_RETRY_BACKOFF_MS}.
   */
  public static Optional<String> advice(String brokerId, long backoffMs) {
    if (backoffMs <= ADVISED_MAX_ADD_PARTITIONS_RETRY_BACKOFF_MS) {
      return Optional.empty();
    }
    return Optional.of(
        "Broker "
            + brokerId
            + " has "
            + ADD_PARTITIONS_RETRY_BACKOFF_CONFIG
            + "="
            + backoffMs
            + ": under exactly-once a transaction begun while the previous one completes can wait"
            + " that long for each partition, which costs the coordinator much of its throughput;"
            + " set it to 1 on the brokers (docs/architecture.md, Exactly-once)");
  }

  /**
   * Reads the brokers' settings through {@code kafka} and logs a warning for each broker whose
   * backoff slows exactly-once; logs at debug level and goes on if they cannot be read.
   */
  public static void warnIfSlowForExactlyOnce(KafkaConnection kafka, Duration timeout)
      throws InterruptedException {
    try {
      addPartitionsRetryBackoffs(kafka, timeout)
          .forEach((broker, ms) -> advice(broker, ms).ifPresent(log::warn));
    } catch (ExecutionException | TimeoutException | KafkaException e) {
      log.debug("Could not read the brokers' {}: {}", ADD_PARTITIONS_RETRY_BACKOFF_CONFIG, e);
    }
  }

  private static Optional<Long> millis(ConfigEntry entry) {
    if (entry == null || entry.value() == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(entry.value().trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
