package dev.baton.coordinator.telemetry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Task handoffs as Kafka Streams reports them: a rebalance starts when the instance leaves {@code
 * RUNNING} for {@code REBALANCING} and ends when it is {@code RUNNING} again; in between, the
 * sessions it is taking over (and those it restores) cannot be served, so the time is the upper
 * bound of a session's unavailability during a handoff on this instance.
 */
final class StreamsHandoffs implements KafkaStreams.StateListener {

  private final Counter rebalances;
  private final Timer unavailable;
  private long rebalancingSince = -1;

  StreamsHandoffs(MeterRegistry registry) {
    this.rebalances =
        Counter.builder("baton.streams.rebalances")
            .description("Times the instance's tasks were rebalanced (handoffs)")
            .register(registry);
    this.unavailable =
        Timer.builder("baton.streams.rebalance.duration")
            .description("Time from a rebalance's start until the instance ran again")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(10))
            .maximumExpectedValue(Duration.ofMinutes(5))
            .register(registry);
  }

  @Override
  public synchronized void onChange(KafkaStreams.State newState, KafkaStreams.State oldState) {
    if (newState == KafkaStreams.State.REBALANCING && rebalancingSince < 0) {
      rebalances.increment();
      rebalancingSince = System.nanoTime();
    } else if (newState == KafkaStreams.State.RUNNING && rebalancingSince >= 0) {
      unavailable.record(Duration.ofNanos(System.nanoTime() - rebalancingSince));
      rebalancingSince = -1;
    }
  }
}
