package dev.baton.coordinator.topology.internal;

import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * How many commits the calling stream thread has made, from Kafka Streams' thread metric {@code
 * commit-total} (one per commit that committed at least one task); always 0 where the thread has no
 * such metric (the topology test driver). Each commit of a thread takes every task of it that
 * processed records since its previous commit.
 *
 * <p>Finds the metric at its first call, which must be on the stream thread, and reads it after.
 */
final class ThreadCommits implements LongSupplier {

  static final String GROUP = "stream-thread-metrics";
  static final String NAME = "commit-total";
  static final String THREAD_TAG = "thread-id";

  private final Supplier<? extends Map<MetricName, ? extends Metric>> metrics;
  private Metric commits;
  private boolean looked;

  /**
   * The commits of the stream thread that calls {@link #getAsLong()}, found in {@code metrics}
   * (Kafka Streams' {@code StreamsMetrics::metrics}).
   */
  ThreadCommits(Supplier<? extends Map<MetricName, ? extends Metric>> metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  @Override
  public long getAsLong() {
    if (!looked) {
      commits = find(Thread.currentThread().getName());
      looked = true;
    }
    return commits == null ? 0 : ((Number) commits.metricValue()).longValue();
  }

  private Metric find(String thread) {
    for (Map.Entry<MetricName, ? extends Metric> metric : metrics.get().entrySet()) {
      MetricName name = metric.getKey();
      if (NAME.equals(name.name())
          && GROUP.equals(name.group())
          && thread.equals(name.tags().get(THREAD_TAG))) {
        return metric.getValue();
      }
    }
    return null;
  }
}
