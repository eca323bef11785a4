package dev.baton.coordinator.topology.internal;

import dev.baton.coordinator.topology.CoordinatorMetrics;
import java.util.EnumMap;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * One counter metric of one task, one counter per value of an enum (a tag), all registered up front
 * so that they read 0 before the first count.
 *
 * <p>{@code TaskCounters.register(metrics, thread, task, Kind.class, NAME, "what it counts", TAG)}
 */
final class TaskCounters<E extends Enum<E>> implements AutoCloseable {

  private final StreamsMetrics metrics;
  private final Map<E, Sensor> sensors;

  private TaskCounters(StreamsMetrics metrics, Class<E> type) {
    this.metrics = metrics;
    this.sensors = new EnumMap<>(type);
  }

  /**
   * Registers metric {@code name} of task {@code taskId} running on thread {@code threadId}, with
   * one counter per value of {@code type} under tag {@code tag}.
   */
  static <E extends Enum<E>> TaskCounters<E> register(
      StreamsMetrics metrics,
      String threadId,
      String taskId,
      Class<E> type,
      String name,
      String description,
      String tag) {
    TaskCounters<E> counters = new TaskCounters<>(metrics, type);
    for (E value : type.getEnumConstants()) {
      String sensorName = "baton." + threadId + ".task." + taskId + "." + name + "." + value;
      Sensor sensor = metrics.addSensor(sensorName, Sensor.RecordingLevel.INFO);
      sensor.add(
          new MetricName(
              name,
              CoordinatorMetrics.GROUP,
              description,
              Map.of(
                  CoordinatorMetrics.THREAD_TAG,
                  threadId,
                  CoordinatorMetrics.TASK_TAG,
                  taskId,
                  tag,
                  value.name())),
          new CumulativeCount());
      counters.sensors.put(value, sensor);
    }
    return counters;
  }

  void record(E value) {
    sensors.get(value).record();
  }

  @Override
  public void close() {
    sensors.values().forEach(metrics::removeSensor);
    sensors.clear();
  }
}
