package dev.baton.coordinator;

import dev.baton.coordinator.topology.InputProgress;
import dev.baton.schemas.KafkaConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads, every interval, the end offsets of the input partitions and the coordinator's committed
 * offsets of them, and keeps the latest {@link InputProgress.Mark} of each partition. A reading
 * that fails keeps the previous marks, so timers wait rather than race an unread backlog.
 */
final class InputProgressReader implements InputProgress, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(InputProgressReader.class);

  private final Admin admin;
  private final String groupId;
  private final List<TopicPartition> partitions;
  private final Duration timeout;
  private final Map<TopicPartition, Mark> marks = new ConcurrentHashMap<>();
  private final ScheduledExecutorService reader =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("baton-input-progress").unstarted(r));

  private InputProgressReader(
      Admin admin, String groupId, List<TopicPartition> partitions, Duration timeout) {
    this.admin = admin;
    this.groupId = groupId;
    this.partitions = partitions;
    this.timeout = timeout;
  }

  /**
   * Starts reading the {@code partitions} partitions of {@code topics} on {@code kafka} every
   * {@code interval}, with {@code groupId}'s committed offsets.
   */
  static InputProgressReader start(
      KafkaConnection kafka,
      String groupId,
      List<String> topics,
      int partitions,
      Duration interval) {
    Duration timeout = interval.multipliedBy(4);
    Map<String, Object> config = kafka.clientConfig();
    config.put(AdminClientConfig.CLIENT_ID_CONFIG, groupId + "-input-progress");
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    Admin admin = Admin.create(config);
    List<TopicPartition> all =
        topics.stream()
            .flatMap(t -> IntStream.range(0, partitions).mapToObj(p -> new TopicPartition(t, p)))
            .toList();
    InputProgressReader progress = new InputProgressReader(admin, groupId, all, timeout);
    progress.reader.scheduleWithFixedDelay(
        progress::readQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    return progress;
  }

  @Override
  public Optional<Mark> mark(TopicPartition partition) {
    return Optional.ofNullable(marks.get(partition));
  }

  /** Stops reading and closes the admin client, within a second. */
  @Override
  public void close() {
    reader.shutdownNow();
    admin.close(Duration.ofSeconds(1));
  }

  private void readQuietly() {
    try {
      read();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.debug("Could not read the input progress; timers wait for the next reading", e);
    }
  }

  private void read() throws Exception {
    Instant readAt = Instant.now();
    Map<TopicPartition, ListOffsetsResultInfo> ends =
        admin
            .listOffsets(
                partitions.stream()
                    .collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest())),
                new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
            .all()
            .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin
            .listConsumerGroupOffsets(
                Map.of(groupId, new ListConsumerGroupOffsetsSpec().topicPartitions(partitions)))
            .partitionsToOffsetAndMetadata(groupId)
            .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    for (TopicPartition partition : partitions) {
      OffsetAndMetadata offset = committed.get(partition);
      marks.put(
          partition,
          new Mark(ends.get(partition).offset(), offset == null ? 0 : offset.offset(), readAt));
    }
  }
}
