package dev.baton.bench.internal;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Watches a topic from its end and marks a {@link TurnPoint} of a turn the first time a record of
 * it is read: when it became readable at the consumer's isolation level, as seen from this JVM.
 *
 * @param <V> the record value
 */
public final class FirstSeen<V> implements AutoCloseable {

  private final KafkaConsumer<String, V> consumer;
  private final Thread poller;
  private volatile boolean running = true;

  /**
   * Starts watching {@code topic}; {@code turnOf} names the turn a value marks, or null for a value
   * that marks nothing.
   *
   * @param isolation {@code read_uncommitted} (written) or {@code read_committed} (committed)
   */
  public FirstSeen(
      String bootstrap,
      String topic,
      String isolation,
      Deserializer<V> values,
      Function<V, String> turnOf,
      TurnPoint point,
      TurnTimes times) {
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
    poller =
        Thread.ofPlatform()
            .name("bench-seen-" + point.name().toLowerCase())
            .start(() -> poll(turnOf, point, times));
  }

  private void poll(Function<V, String> turnOf, TurnPoint point, TurnTimes times) {
    while (running) {
      for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(50))) {
        long now = TurnTimes.nowMicros();
        String turnId = turnOf.apply(record.value());
        if (turnId != null) {
          times.mark(turnId, point, now);
        }
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
