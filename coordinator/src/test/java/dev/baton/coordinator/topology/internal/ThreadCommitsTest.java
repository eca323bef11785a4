package dev.baton.coordinator.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ThreadCommitsTest {

  private final Metrics metrics = new Metrics();

  @AfterEach
  void closeMetrics() {
    metrics.close();
  }

  @Test
  void shouldCountTheCommitsOfTheCallingThreadOnly() {
    Sensor mine = commitSensor(Thread.currentThread().getName());
    Sensor other = commitSensor("another-StreamThread-2");
    ThreadCommits commits = new ThreadCommits(metrics::metrics);
    mine.record(3.0);
    other.record(1.0);
    other.record(1.0);

    assertThat(commits.getAsLong()).isEqualTo(1);
    mine.record(5.0);
    assertThat(commits.getAsLong()).isEqualTo(2);
  }

  @Test
  void shouldCountNothingWhereTheThreadHasNoCommitMetric() {
    commitSensor("another-StreamThread-2").record(1.0);

    assertThat(new ThreadCommits(metrics::metrics).getAsLong()).isZero();
  }

  private Sensor commitSensor(String thread) {
    Sensor sensor = metrics.sensor("commit-" + thread);
    sensor.add(
        new MetricName(
            ThreadCommits.NAME,
            ThreadCommits.GROUP,
            "commits of " + thread,
            Map.of(ThreadCommits.THREAD_TAG, thread)),
        new CumulativeCount());
    return sensor;
  }
}
