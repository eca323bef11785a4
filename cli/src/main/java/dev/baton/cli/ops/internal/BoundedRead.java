package dev.baton.cli.ops.internal;

import dev.baton.cli.ops.ClusterAccess;
import dev.baton.cli.ops.OpsException;
import dev.baton.cli.ops.ProgressListener;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Reads every partition of a topic from its beginning to the end offsets captured when the read
 * starts, reporting progress. Records appended later are not read, so the read always ends; if it
 * stops advancing for the access's timeout (the broker went away) it fails instead of hanging.
 */
public final class BoundedRead {

  private static final Duration POLL = Duration.ofMillis(200);

  private final ClusterAccess access;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String topic;
  private final Map<TopicPartition, Long> starts;
  private final Map<TopicPartition, Long> ends;
  private final long total;

  private BoundedRead(
      ClusterAccess access,
      KafkaConsumer<byte[], byte[]> consumer,
      String topic,
      Map<TopicPartition, Long> starts,
      Map<TopicPartition, Long> ends) {
    this.access = access;
    this.consumer = consumer;
    this.topic = topic;
    this.starts = starts;
    this.ends = ends;
    this.total = sum(ends) - sum(starts);
  }

  /**
   * Assigns every partition of {@code topic} to {@code consumer} from the beginning and captures
   * the end offsets (for {@code read_committed}: the last stable offsets).
   *
   * @param hint what to check if the topic does not exist
   */
  public static BoundedRead fromBeginning(
      ClusterAccess access, KafkaConsumer<byte[], byte[]> consumer, String topic, String hint) {
    List<TopicPartition> partitions = access.partitions(consumer, topic, hint);
    consumer.assign(partitions);
    try {
      Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions, access.timeout());
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, access.timeout());
      consumer.seekToBeginning(partitions);
      return new BoundedRead(access, consumer, topic, starts, ends);
    } catch (TimeoutException e) {
      throw OpsException.unreachable(
          "kafka", access.kafkaBootstrap(), access.timeout(), e.getMessage());
    }
  }

  /** How many offsets the read covers. */
  public long total() {
    return total;
  }

  /** Polls until every partition reached its captured end, handing each record to {@code sink}. */
  public void run(ProgressListener progress, Consumer<ConsumerRecord<byte[], byte[]>> sink) {
    long done = 0;
    long lastAdvance = System.nanoTime();
    progress.progress(0, total);
    while (done < total) {
      for (ConsumerRecord<byte[], byte[]> record : poll()) {
        if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
          sink.accept(record);
        }
      }
      long now = positionsRead();
      if (now > done) {
        done = now;
        lastAdvance = System.nanoTime();
        progress.progress(done, total);
      } else if (System.nanoTime() - lastAdvance > access.timeout().toNanos()) {
        throw OpsException.stalled(topic, access.timeout(), total - done);
      }
    }
    progress.finished();
  }

  private Iterable<ConsumerRecord<byte[], byte[]>> poll() {
    try {
      return consumer.poll(POLL);
    } catch (InterruptException e) {
      throw OpsException.interrupted("reading " + topic);
    }
  }

  /** Offsets read so far, each partition counted up to its end. */
  private long positionsRead() {
    long read = 0;
    for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
      long position;
      try {
        position = consumer.position(end.getKey(), access.timeout());
      } catch (KafkaException e) {
        throw OpsException.unreachable(
            "kafka", access.kafkaBootstrap(), access.timeout(), e.getMessage());
      }
      read += Math.min(position, end.getValue()) - starts.get(end.getKey());
    }
    return read;
  }

  private static long sum(Map<TopicPartition, Long> offsets) {
    return offsets.values().stream().mapToLong(Long::longValue).sum();
  }
}
