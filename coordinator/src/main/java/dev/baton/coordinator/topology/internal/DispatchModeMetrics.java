package dev.baton.coordinator.topology.internal;

import dev.baton.coordinator.session.DispatchMode;
import dev.baton.coordinator.topology.CoordinatorMetrics;
import java.util.EnumMap;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * The {@link CoordinatorMetrics#DISPATCH_MODE_CHANGES_TOTAL} counters of one task, one per new
 * mode, all registered up front so that they read 0 before the first change.
 */
final class DispatchModeMetrics implements AutoCloseable {

  private final StreamsMetrics metrics;
  private final Map<DispatchMode, Sensor> sensors = new EnumMap<>(DispatchMode.class);

  private DispatchModeMetrics(StreamsMetrics metrics) {
    this.metrics = metrics;
  }

  /** Registers the counters of task {@code taskId} running on thread {@code threadId}. */
  static DispatchModeMetrics register(StreamsMetrics metrics, String threadId, String taskId) {
    DispatchModeMetrics changes = new DispatchModeMetrics(metrics);
    for (DispatchMode mode : DispatchMode.values()) {
      String sensorName = "baton." + threadId + ".task." + taskId + ".dispatch-mode." + mode;
      Sensor sensor = metrics.addSensor(sensorName, Sensor.RecordingLevel.INFO);
      sensor.add(
          new MetricName(
              CoordinatorMetrics.DISPATCH_MODE_CHANGES_TOTAL,
              CoordinatorMetrics.GROUP,
              "Changes of a turn's tool-call dispatch mode, by new mode",
              Map.of(
                  CoordinatorMetrics.THREAD_TAG, threadId,
                  CoordinatorMetrics.TASK_TAG, taskId,
                  CoordinatorMetrics.MODE_TAG, mode.name())),
          new CumulativeCount());
      changes.sensors.put(mode, sensor);
    }
    return changes;
  }

  void record(DispatchMode to) {
    sensors.get(to).record();
  }

  @Override
  public void close() {
    sensors.values().forEach(metrics::removeSensor);
    sensors.clear();
  }
}
