package dev.baton.bench.internal;

import dev.baton.schemas.TopicLayout;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Counts what a deployment's topics received between two points: every topic of its layout and
 * every internal topic of its Kafka Streams application (changelogs, repartition topics). The end
 * offsets come from the admin client; the records and their bytes from reading each partition's
 * range twice, {@code read_uncommitted} and {@code read_committed} (see {@link TopicTally}).
 */
public final class TopicRecords implements AutoCloseable {

  private static final Duration QUIET = Duration.ofSeconds(1);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  private final String bootstrap;
  private final Admin admin;

  /** Counts on the cluster at {@code bootstrap}. */
  public TopicRecords(String bootstrap) {
    this.bootstrap = bootstrap;
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    this.admin = Admin.create(props);
  }

  /** The topics of {@code layout} and of its application, by name. */
  public List<String> topicsOf(TopicLayout layout) throws ExecutionException, InterruptedException {
    return admin.listTopics().names().get().stream()
        .filter(
            name ->
                name.startsWith(layout.prefix()) || name.startsWith(layout.applicationId() + "-"))
        .sorted()
        .toList();
  }

  /**
   * The end offsets of {@code topics} once they stopped moving for a second (a commit that ends a
   * transaction writes its markers after the last turn ended), or after {@code timeout}.
   */
  public Map<TopicPartition, Long> quietEndOffsets(List<String> topics, Duration timeout)
      throws ExecutionException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<TopicPartition, Long> before = endOffsets(topics);
    while (true) {
      Thread.sleep(QUIET.toMillis()); // polls a condition (offsets unchanged), with a deadline
      Map<TopicPartition, Long> now = endOffsets(topics);
      if (now.equals(before) || System.nanoTime() > deadline) {
        return now;
      }
      before = now;
    }
  }

  private Map<TopicPartition, Long> endOffsets(List<String> topics)
      throws ExecutionException, InterruptedException {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (TopicDescription topic : admin.describeTopics(topics).allTopicNames().get().values()) {
      topic
          .partitions()
          .forEach(
              p ->
                  latest.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest()));
    }
    Map<TopicPartition, Long> offsets = new HashMap<>();
    admin.listOffsets(latest).all().get().forEach((tp, info) -> offsets.put(tp, info.offset()));
    return offsets;
  }

  /** Per topic (sorted by name), what was written between {@code start} and {@code end}. */
  public List<TopicTally> between(Map<TopicPartition, Long> start, Map<TopicPartition, Long> end) {
    Map<TopicPartition, long[]> uncommitted = read(start, end, "read_uncommitted");
    Map<TopicPartition, long[]> committed = read(start, end, "read_committed");
    Map<String, List<TopicTally>> byTopic = new TreeMap<>();
    end.forEach(
        (tp, to) -> {
          long[] all = uncommitted.getOrDefault(tp, new long[4]);
          long[] kept = committed.getOrDefault(tp, new long[4]);
          long from = start.getOrDefault(tp, 0L);
          byTopic
              .computeIfAbsent(tp.topic(), t -> new ArrayList<>())
              .add(new TopicTally(tp.topic(), to - from, all[0], kept[0], all[3], all[1], all[2]));
        });
    List<TopicTally> tallies = new ArrayList<>();
    byTopic.forEach((topic, partitions) -> tallies.add(TopicTally.sum(topic, partitions)));
    return tallies;
  }

  /** Per partition: records, key+value bytes, header bytes and tombstones in [start, end). */
  private Map<TopicPartition, long[]> read(
      Map<TopicPartition, Long> start, Map<TopicPartition, Long> end, String isolation) {
    List<TopicPartition> moved =
        end.keySet().stream().filter(tp -> end.get(tp) > start.getOrDefault(tp, 0L)).toList();
    Map<TopicPartition, long[]> counts = new HashMap<>();
    if (moved.isEmpty()) {
      return counts;
    }
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(moved);
      moved.forEach(tp -> consumer.seek(tp, start.getOrDefault(tp, 0L)));
      long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
      while (!moved.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "could not read " + isolation + " up to the end offsets within " + READ_TIMEOUT);
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          TopicPartition tp = new TopicPartition(record.topic(), record.partition());
          if (record.offset() < end.get(tp)) {
            long[] count = counts.computeIfAbsent(tp, p -> new long[4]);
            count[0]++;
            count[1] += length(record.key()) + length(record.value());
            count[2] += headerBytes(record);
            count[3] += record.value() == null ? 1 : 0;
          }
        }
      }
    }
    return counts;
  }

  private static long headerBytes(ConsumerRecord<byte[], byte[]> record) {
    long bytes = 0;
    for (Header header : record.headers()) {
      bytes += header.key().getBytes(StandardCharsets.UTF_8).length + length(header.value());
    }
    return bytes;
  }

  private static int length(byte[] bytes) {
    return bytes == null ? 0 : bytes.length;
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(10));
  }
}
