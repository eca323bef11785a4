package dev.baton.coordinator;

import dev.baton.coordinator.topology.TopologyOptions;
import dev.baton.schemas.KafkaConnection;
import dev.baton.schemas.TopicLayout;
import dev.baton.schemas.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates Baton's topics and prepares its share group, idempotently: topics are created with {@code
 * max.message.bytes} at the record limit ({@link TopologyOptions#maxRecordBytes()}); existing
 * topics are kept as they are, but one with another partition count, one that allows smaller
 * records than the limit ({@code max.message.bytes}, its own or the broker's default), or an input
 * topic that does not carry the broker's time ({@link TopicLayout#TIMESTAMP_TYPE_CONFIG}), stops
 * the start. Returns only once every partition answers {@code ListOffsets}, because records
 * produced right after a topic is created can otherwise be lost (KAFKA-14359). {@code baton
 * coordinator}, {@code baton dev} and the embedded stack run it before anything is produced; an
 * application that embeds the coordinator can run it too. A step that fails or does not finish
 * within the timeout throws {@link TopicBootstrapException}.
 *
 * <pre>{@code
 * try (TopicBootstrap topics = new TopicBootstrap("127.0.0.1:9092", 1)) {
 *   topics.createTopics(TopicLayout.defaults());
 *   topics.prepareShareGroup("baton-workers");
 * }
 * }</pre>
 */
public final class TopicBootstrap implements AutoCloseable {

  /** The default replication factor of the topics it creates: 1, for a single broker. */
  public static final int DEFAULT_REPLICATION_FACTOR = 1;

  /** How long topic creation and readiness may take by default. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  /** The share group configs {@link #prepareShareGroup} sets. */
  public static final Map<String, String> SHARE_GROUP_CONFIGS =
      Map.of(
          "share.auto.offset.reset",
          "earliest",
          "share.renew.acknowledge.enable",
          "true",
          // The coordinator writes assignments in exactly-once transactions: workers must not see
          // the assignments of an aborted transaction.
          "share.isolation.level",
          "read_committed");

  private static final Logger log = LoggerFactory.getLogger(TopicBootstrap.class);

  /** How long one request may take; the admin client retries within the step's timeout. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);

  /** How long to wait between two checks of a condition. */
  private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

  private final Admin admin;
  private final short replicationFactor;
  private final Duration timeout;

  /** Bootstraps topics on {@code bootstrapServers} with the given replication factor. */
  public TopicBootstrap(String bootstrapServers, int replicationFactor) {
    this(bootstrapServers, replicationFactor, DEFAULT_TIMEOUT);
  }

  /**
   * Bootstraps topics through {@code kafka}, with its client configs (TLS, SASL), and the default
   * timeout.
   */
  public TopicBootstrap(KafkaConnection kafka, int replicationFactor) {
    this(kafka, replicationFactor, DEFAULT_TIMEOUT);
  }

  /** Bootstraps topics, each step of which must finish within {@code timeout}. */
  public TopicBootstrap(String bootstrapServers, int replicationFactor, Duration timeout) {
    this(KafkaConnection.of(bootstrapServers), replicationFactor, timeout);
  }

  /**
   * Bootstraps topics through {@code kafka}, with its client configs (TLS, SASL), each step of
   * which must finish within {@code timeout}. Its principal needs {@code CREATE}, {@code DESCRIBE}
   * and {@code DESCRIBE_CONFIGS} on the topics and {@code ALTER_CONFIGS} on the share group
   * (docs/operations.md, Security).
   */
  public TopicBootstrap(KafkaConnection kafka, int replicationFactor, Duration timeout) {
    if (replicationFactor < 1 || replicationFactor > Short.MAX_VALUE) {
      throw ConfigException.invalid(
          "replicationFactor", replicationFactor, "an integer from 1 to " + Short.MAX_VALUE);
    }
    this.replicationFactor = (short) replicationFactor;
    this.timeout = timeout;
    // Each request is short, but a step may take the whole timeout on a busy machine, the admin
    // client retrying within it.
    Map<String, Object> config = kafka.clientConfig();
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) REQUEST_TIMEOUT.toMillis());
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    config.put(AdminClientConfig.CLIENT_ID_CONFIG, "baton-topic-bootstrap");
    this.admin = Admin.create(config);
  }

  /**
   * Creates every topic of {@code layout} for the default record limit ({@link
   * TopologyOptions#DEFAULT_MAX_RECORD_BYTES}); see {@link #createTopics(Collection, int)}.
   */
  public void createTopics(TopicLayout layout) {
    createTopics(layout, TopologyOptions.DEFAULT_MAX_RECORD_BYTES);
  }

  /** Creates every topic of {@code layout}; see {@link #createTopics(Collection, int)}. */
  public void createTopics(TopicLayout layout, int maxRecordBytes) {
    createTopics(layout.specs(), maxRecordBytes);
  }

  /**
   * {@link #createTopics(Collection, int)} for the default record limit ({@link
   * TopologyOptions#DEFAULT_MAX_RECORD_BYTES}).
   */
  public void createTopics(Collection<TopicSpec> specs) {
    createTopics(specs, TopologyOptions.DEFAULT_MAX_RECORD_BYTES);
  }

  /**
   * Creates the topics that do not exist yet with their partitions and configs, and {@code
   * max.message.bytes} at {@code maxRecordBytes} unless their spec sets it, checks the existing
   * ones, then waits until every partition of every given topic answers {@code ListOffsets}.
   *
   * @throws TopicBootstrapException if a topic exists with another partition count, allows smaller
   *     records than {@code maxRecordBytes}, or is an input topic without the broker's time
   */
  public void createTopics(Collection<TopicSpec> specs, int maxRecordBytes) {
    List<NewTopic> topics = specs.stream().map(spec -> newTopic(spec, maxRecordBytes)).toList();
    admin.createTopics(topics).values().forEach((name, future) -> awaitCreated(name, future));
    Map<String, TopicDescription> described = describe(specs);
    requireSamePartitions(specs, described);
    requireConfigs(specs, maxRecordBytes);
    awaitOffsets(described.values());
  }

  /**
   * Makes share group {@code groupId} start at the earliest offset (a new group otherwise starts at
   * the log end and misses what was produced before it joined) and accept {@code RENEW}
   * acknowledgements. Works before the group exists.
   */
  public void prepareShareGroup(String groupId) {
    ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, groupId);
    List<AlterConfigOp> ops =
        SHARE_GROUP_CONFIGS.entrySet().stream()
            .map(
                e ->
                    new AlterConfigOp(
                        new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET))
            .toList();
    get(
        "configure share group " + groupId,
        admin.incrementalAlterConfigs(Map.of(group, ops)).all());
  }

  /** Closes the admin client. */
  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }

  private NewTopic newTopic(TopicSpec spec, int maxRecordBytes) {
    Map<String, String> configs = new HashMap<>(spec.configs());
    configs.putIfAbsent(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(maxRecordBytes));
    return new NewTopic(spec.name(), spec.partitions(), replicationFactor).configs(configs);
  }

  private void awaitCreated(String name, KafkaFuture<Void> future) {
    try {
      future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      log.debug("Created topic {}", name);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw TopicBootstrapException.failed("create topic " + name, e.getCause());
      }
    } catch (Exception e) {
      throw failure("create topic " + name, e);
    }
  }

  /** Describes the topics, waiting while the broker's metadata does not know them yet. */
  private Map<String, TopicDescription> describe(Collection<TopicSpec> specs) {
    List<String> names = specs.stream().map(TopicSpec::name).toList();
    AtomicReference<Map<String, TopicDescription>> described = new AtomicReference<>();
    pollUntil(
        () -> {
          try {
            described.set(
                admin
                    .describeTopics(names)
                    .allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS));
            return Optional.empty();
          } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
              return reasonOf(e);
            }
            throw failure("describe topics " + names, e);
          } catch (Exception e) {
            throw failure("describe topics " + names, e);
          }
        });
    return described.get();
  }

  /**
   * Refuses topics that exist with another partition count than the layout's: Baton's topics must
   * be co-partitioned, and the coordinator refuses every input record that is not on the partition
   * its key maps to with the layout's count, so a mismatch would refuse most of them.
   */
  private static void requireSamePartitions(
      Collection<TopicSpec> specs, Map<String, TopicDescription> described) {
    List<String> different =
        specs.stream()
            .filter(spec -> described.get(spec.name()).partitions().size() != spec.partitions())
            .map(
                spec ->
                    spec.name()
                        + " has "
                        + described.get(spec.name()).partitions().size()
                        + ", not "
                        + spec.partitions())
            .toList();
    if (!different.isEmpty()) {
      throw TopicBootstrapException.partitionsDiffer(different);
    }
  }

  /**
   * Refuses topics whose configs Baton cannot work with: a {@code max.message.bytes} (the topic's
   * own or the broker's default) below {@code maxRecordBytes}, since the broker would refuse the
   * records the coordinator allows itself to write, failing their transaction again and again; and
   * an input topic whose spec sets {@link TopicLayout#TIMESTAMP_TYPE_CONFIG} with another value,
   * since the coordinator decides by the input records' timestamps, which must be the broker's
   * time, not a producer's clock.
   */
  private void requireConfigs(Collection<TopicSpec> specs, int maxRecordBytes) {
    Map<ConfigResource, TopicSpec> byResource =
        specs.stream()
            .collect(
                Collectors.toMap(
                    spec -> new ConfigResource(ConfigResource.Type.TOPIC, spec.name()),
                    Function.identity()));
    Map<ConfigResource, Config> configs =
        get("describe topic configs", admin.describeConfigs(byResource.keySet()).all());
    List<String> different = new ArrayList<>();
    byResource.forEach(
        (resource, spec) -> {
          Config config = configs.get(resource);
          timestampTypeProblem(spec, config).ifPresent(different::add);
          messageBytesProblem(spec, config, maxRecordBytes).ifPresent(different::add);
        });
    if (!different.isEmpty()) {
      throw TopicBootstrapException.configsDiffer(different);
    }
  }

  private static Optional<String> timestampTypeProblem(TopicSpec spec, Config config) {
    String wanted = spec.configs().get(TopicLayout.TIMESTAMP_TYPE_CONFIG);
    if (wanted == null) {
      return Optional.empty();
    }
    String value = valueOf(config, TopicLayout.TIMESTAMP_TYPE_CONFIG);
    return wanted.equals(value)
        ? Optional.empty()
        : Optional.of(
            spec.name()
                + " has "
                + TopicLayout.TIMESTAMP_TYPE_CONFIG
                + "="
                + value
                + ", not "
                + wanted);
  }

  private static Optional<String> messageBytesProblem(
      TopicSpec spec, Config config, int maxRecordBytes) {
    String value = valueOf(config, TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
    try {
      if (Integer.parseInt(value) >= maxRecordBytes) {
        return Optional.empty();
      }
    } catch (NumberFormatException e) {
      // Reported below with the value as the broker gave it.
    }
    return Optional.of(
        spec.name()
            + " has "
            + TopicConfig.MAX_MESSAGE_BYTES_CONFIG
            + "="
            + value
            + ", less than the record limit "
            + maxRecordBytes
            + " (maxRecordBytes, --max-record-bytes)");
  }

  private static String valueOf(Config config, String name) {
    ConfigEntry entry = config.get(name);
    return entry == null || entry.value() == null ? "unset" : entry.value();
  }

  private void awaitOffsets(Collection<TopicDescription> topics) {
    Map<TopicPartition, OffsetSpec> partitions =
        topics.stream()
            .flatMap(
                t -> t.partitions().stream().map(p -> new TopicPartition(t.name(), p.partition())))
            .collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest()));
    pollUntil(() -> listOffsets(partitions));
  }

  private Optional<String> listOffsets(Map<TopicPartition, OffsetSpec> partitions) {
    try {
      admin.listOffsets(partitions).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw TopicBootstrapException.interrupted();
    } catch (Exception e) {
      return reasonOf(e);
    }
  }

  /**
   * Checks {@code notReadyReason} until it is empty (ready); throws naming the last reason once the
   * timeout has passed.
   */
  private void pollUntil(Supplier<Optional<String>> notReadyReason) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String reason = "not checked yet";
    while (System.nanoTime() - deadline < 0) {
      Optional<String> notReady = notReadyReason.get();
      if (notReady.isEmpty()) {
        return;
      }
      reason = notReady.get();
      try {
        Thread.sleep(POLL_INTERVAL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw TopicBootstrapException.interrupted();
      }
    }
    throw TopicBootstrapException.notReady(timeout, reason);
  }

  private static Optional<String> reasonOf(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return Optional.of(root.getClass().getSimpleName() + ": " + root.getMessage());
  }

  private <T> T get(String what, KafkaFuture<T> future) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw failure(what, e);
    }
  }

  private static TopicBootstrapException failure(String what, Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
      return TopicBootstrapException.interrupted();
    }
    Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
    return TopicBootstrapException.failed(what, cause);
  }
}
