package dev.baton.bench.internal;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from its end on a thread of its own and hands each record to a callback with the
 * time it was read ({@link TurnTimes#nowMicros()}): when it became readable at the consumer's
 * isolation level, as seen from this JVM.
 *
 * @param <V> the record value
 */
public final class TopicWatcher<V> implements AutoCloseable {

  private final KafkaConsumer<String, V> consumer;
  private final Thread poller;
  private volatile boolean running = true;

  /**
   * Starts watching {@code topic}.
   *
   * @param isolation {@code read_uncommitted} (written) or {@code read_committed} (committed)
   * @param seen called with each record and when it was read, in microseconds since the epoch
   */
  public TopicWatcher(
      String bootstrap,
      String topic,
      String isolation,
      Deserializer<V> values,
      BiConsumer<ConsumerRecord<String, V>, Long> seen) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumer = new KafkaConsumer<>(props, new StringDeserializer(), values);
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    poller = Thread.ofPlatform().name("bench-watch-" + topic).start(() -> poll(seen));
  }

  private void poll(BiConsumer<ConsumerRecord<String, V>, Long> seen) {
    while (running) {
      for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(50))) {
        seen.accept(record, TurnTimes.nowMicros());
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    poller.join(Duration.ofSeconds(10));
    consumer.close();
  }
}
