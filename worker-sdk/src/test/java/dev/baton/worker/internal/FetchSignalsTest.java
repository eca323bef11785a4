package dev.baton.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

class FetchSignalsTest {

  @Test
  void shouldFindBothCountersOfARealShareConsumer() {
    // Nothing connects until the consumer subscribes and polls.
    try (var consumer =
        new KafkaShareConsumer<>(
            Map.of("bootstrap.servers", "127.0.0.1:1", "group.id", "fetch-signals-test"),
            new StringDeserializer(),
            new StringDeserializer())) {
      var signals = FetchSignals.of(consumer);

      assertThat(signals).isPresent();
      assertThat(signals.get().acknowledgementsSent().getAsDouble()).isZero();
      assertThat(signals.get().fetchResponses().getAsDouble()).isZero();
    }
  }

  @Test
  void shouldFindNoCountersOnAMockConsumer() {
    assertThat(FetchSignals.of(new FakeShareConsumer())).isEmpty();
  }
}
