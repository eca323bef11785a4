package dev.baton.coordinator.telemetry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * State restore progress as Kafka Streams reports it: the changelog records still to restore before
 * the tasks being taken over can serve their sessions, and the records restored so far.
 */
final class StoreRestores implements StateRestoreListener {

  private final Map<String, Long> remaining = new ConcurrentHashMap<>();
  private final Counter restored;

  StoreRestores(MeterRegistry registry) {
    Gauge.builder("baton.streams.restore.remaining.records", remaining, StoreRestores::sum)
        .description("Changelog records still to restore before the tasks being restored can run")
        .register(registry);
    this.restored =
        Counter.builder("baton.streams.restored.records")
            .description("Changelog records restored into this instance's stores")
            .register(registry);
  }

  private static double sum(Map<String, Long> remaining) {
    return remaining.values().stream().mapToLong(Long::longValue).sum();
  }

  private static String key(TopicPartition partition, String store) {
    return store + "/" + partition;
  }

  @Override
  public void onRestoreStart(
      TopicPartition partition, String store, long startingOffset, long endingOffset) {
    remaining.put(key(partition, store), Math.max(0, endingOffset - startingOffset));
  }

  @Override
  public void onBatchRestored(
      TopicPartition partition, String store, long batchEndOffset, long numRestored) {
    restored.increment(numRestored);
    remaining.computeIfPresent(key(partition, store), (k, left) -> Math.max(0, left - numRestored));
  }

  @Override
  public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
    remaining.remove(key(partition, store));
  }

  @Override
  public void onRestoreSuspended(TopicPartition partition, String store, long totalRestored) {
    remaining.remove(key(partition, store));
  }
}
