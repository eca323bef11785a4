package dev.baton.coordinator.topology.internal;

import dev.baton.coordinator.topology.CoordinatorMetrics;
import dev.baton.schemas.avro.RecordRejectionReason;
import java.util.EnumMap;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * The {@link CoordinatorMetrics#REJECTED_RECORDS_TOTAL} counters of one task, one per reason, all
 * registered up front so that they read 0 before the first rejection.
 */
final class RejectionMetrics implements AutoCloseable {

  private final StreamsMetrics metrics;
  private final Map<RecordRejectionReason, Sensor> sensors =
      new EnumMap<>(RecordRejectionReason.class);

  private RejectionMetrics(StreamsMetrics metrics) {
    this.metrics = metrics;
  }

  /** Registers the counters of task {@code taskId} running on thread {@code threadId}. */
  static RejectionMetrics register(StreamsMetrics metrics, String threadId, String taskId) {
    RejectionMetrics rejections = new RejectionMetrics(metrics);
    for (RecordRejectionReason reason : RecordRejectionReason.values()) {
      String sensorName = "baton." + threadId + ".task." + taskId + ".rejected." + reason;
      Sensor sensor = metrics.addSensor(sensorName, Sensor.RecordingLevel.INFO);
      sensor.add(metricName(threadId, taskId, reason), new CumulativeCount());
      rejections.sensors.put(reason, sensor);
    }
    return rejections;
  }

  void record(RecordRejectionReason reason) {
    sensors.get(reason).record();
  }

  @Override
  public void close() {
    sensors.values().forEach(metrics::removeSensor);
    sensors.clear();
  }

  private static MetricName metricName(
      String threadId, String taskId, RecordRejectionReason reason) {
    return new MetricName(
        CoordinatorMetrics.REJECTED_RECORDS_TOTAL,
        CoordinatorMetrics.GROUP,
        "Input records rejected with a RecordRejected event",
        Map.of(
            CoordinatorMetrics.THREAD_TAG, threadId,
            CoordinatorMetrics.TASK_TAG, taskId,
            CoordinatorMetrics.REASON_TAG, reason.name()));
  }
}
