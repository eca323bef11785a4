package dev.baton.worker.internal;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * The two counters of a share consumer that tell a {@link WatchedPoll} whether the consumer is
 * still fetching: how many acknowledgements it has sent (its own and those it makes itself, as
 * {@code GAP} for transaction markers) and how many fetch responses it has received. Both are the
 * consumer's own metrics ({@code acknowledgements-send-total} and {@code fetch-total} of its share
 * fetch manager), which are safe to read from any thread.
 *
 * @param acknowledgementsSent the acknowledgements the consumer has sent so far
 * @param fetchResponses the fetch responses the consumer has received so far
 */
record FetchSignals(DoubleSupplier acknowledgementsSent, DoubleSupplier fetchResponses) {

  static final String ACKNOWLEDGEMENTS_SENT = "acknowledgements-send-total";
  static final String FETCH_RESPONSES = "fetch-total";
  private static final String GROUP = "share-fetch-manager-metrics";

  FetchSignals {
    Objects.requireNonNull(acknowledgementsSent, "acknowledgementsSent");
    Objects.requireNonNull(fetchResponses, "fetchResponses");
  }

  /** The signals of {@code consumer}, or empty if it has no such metrics (a mock consumer). */
  static Optional<FetchSignals> of(ShareConsumer<?, ?> consumer) {
    Map<MetricName, ? extends Metric> metrics = consumer.metrics();
    Optional<Metric> acknowledgements = find(metrics, ACKNOWLEDGEMENTS_SENT);
    Optional<Metric> fetches = find(metrics, FETCH_RESPONSES);
    if (acknowledgements.isEmpty() || fetches.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new FetchSignals(valueOf(acknowledgements.get()), valueOf(fetches.get())));
  }

  private static Optional<Metric> find(Map<MetricName, ? extends Metric> metrics, String name) {
    return metrics.entrySet().stream()
        .filter(e -> e.getKey().name().equals(name) && e.getKey().group().endsWith(GROUP))
        .<Metric>map(Map.Entry::getValue)
        .findFirst();
  }

  private static DoubleSupplier valueOf(Metric metric) {
    return () -> ((Number) metric.metricValue()).doubleValue();
  }
}
