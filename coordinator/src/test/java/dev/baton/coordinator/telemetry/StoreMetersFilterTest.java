package dev.baton.coordinator.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import org.junit.jupiter.api.Test;

/** Kafka Streams' per-store meters stay out of the scrape; its other meters stay in. */
class StoreMetersFilterTest {

  @Test
  void shouldLeaveThePerStoreMetersOutOfTheScrape() {
    try (CoordinatorMeters meters = CoordinatorMeters.create()) {
      Gauge.builder("kafka.stream.state.block.cache.usage", () -> 1.0)
          .tag("task.id", "0_1")
          .register(meters.registry());
      Gauge.builder("kafka.stream.task.active.process.ratio", () -> 1.0)
          .tag("task.id", "0_1")
          .register(meters.registry());

      String scrape = meters.scrape();

      assertThat(scrape).doesNotContain("kafka_stream_state_");
      assertThat(scrape).contains("kafka_stream_task_active_process_ratio");
    }
  }
}
