package dev.baton.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/**
 * A coordinator whose stream threads keep failing and being replaced is not ready, although Kafka
 * Streams says {@code RUNNING} between the failures.
 */
class StreamsHealthTest {

  private final AtomicReference<KafkaStreams.State> state =
      new AtomicReference<>(KafkaStreams.State.RUNNING);
  private final MovableClock clock = new MovableClock();
  private final StreamsHealth health = new StreamsHealth(state::get, clock);

  @Test
  void shouldBeNotReadyWhileStreamThreadsKeepFailingThoughStreamsSaysRunning() {
    for (int i = 0; i < StreamsHealth.DEFAULT_FAILURES_TO_BE_DOWN; i++) {
      assertThat(health.readiness().state()).isEqualTo(HealthCheck.State.UP);
      health.threadFailed(new IllegalStateException("RecordTooLargeException on the changelog"));
      clock.move(Duration.ofSeconds(5));
    }

    HealthCheck.Status ready = health.readiness();
    assertThat(ready.state()).isEqualTo(HealthCheck.State.DOWN);
    assertThat(ready.detail())
        .contains("failed 3 times")
        .contains("IllegalStateException: RecordTooLargeException on the changelog");
    assertThat(health.liveness().state()).isEqualTo(HealthCheck.State.UP);
  }

  @Test
  void shouldBeReadyAgainOnceAWindowPassesWithoutFailures() {
    for (int i = 0; i < StreamsHealth.DEFAULT_FAILURES_TO_BE_DOWN; i++) {
      health.threadFailed(new RuntimeException("registry unreachable"));
    }
    assertThat(health.readiness().state()).isEqualTo(HealthCheck.State.DOWN);

    clock.move(StreamsHealth.DEFAULT_FAILURE_WINDOW.plusSeconds(1));

    assertThat(health.readiness().state()).isEqualTo(HealthCheck.State.UP);
  }

  @Test
  void shouldNotCountOccasionalFailuresSpreadOverTime() {
    for (int i = 0; i < 10; i++) {
      health.threadFailed(new RuntimeException("once in a while"));
      clock.move(StreamsHealth.DEFAULT_FAILURE_WINDOW.dividedBy(2).plusSeconds(1));
    }

    assertThat(health.readiness().state()).isEqualTo(HealthCheck.State.UP);
  }

  @Test
  void shouldFollowTheStreamsStateForReadinessAndLiveness() {
    state.set(KafkaStreams.State.REBALANCING);
    assertThat(health.readiness().state()).isEqualTo(HealthCheck.State.DOWN);
    assertThat(health.liveness().state()).isEqualTo(HealthCheck.State.UP);

    state.set(KafkaStreams.State.ERROR);
    assertThat(health.liveness().state()).isEqualTo(HealthCheck.State.DOWN);

    state.set(null);
    assertThat(health.readiness().detail()).isEqualTo("streams not created yet");
    assertThat(health.liveness().state()).isEqualTo(HealthCheck.State.UP);
  }

  private static final class MovableClock extends Clock {
    private Instant now = Instant.parse("2025-06-01T10:00:00Z");

    void move(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
