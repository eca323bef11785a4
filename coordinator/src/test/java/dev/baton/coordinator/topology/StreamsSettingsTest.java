package dev.baton.coordinator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.coordinator.CoordinatorConfig;
import dev.baton.coordinator.ProcessingMode;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.junit.jupiter.api.Test;

class StreamsSettingsTest {

  private static CoordinatorConfig.Builder config() {
    return CoordinatorConfig.builder()
        .kafkaBootstrap("broker:9092")
        .registryUrl("http://registry:8081")
        .redisUri("redis://redis:6379");
  }

  @Test
  void shouldDefaultToExactlyOnceWithLowLatencyCommitsAndNoLinger() {
    Properties props = StreamsSettings.of(config().build(), 8080);

    assertThat(props)
        .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
        .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 5L)
        .containsEntry(StreamsConfig.POLL_MS_CONFIG, 5L)
        .containsEntry(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 0L)
        .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "baton-coordinator")
        .containsEntry(
            StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
            LogAndContinueExceptionHandler.class);
  }

  @Test
  void shouldUseAtLeastOnceAndTheConfiguredLatencySettingsWhenAsked() {
    CoordinatorConfig config =
        config()
            .processingMode(ProcessingMode.AT_LEAST_ONCE)
            .commitInterval(Duration.ofMillis(50))
            .producerLinger(Duration.ofMillis(2))
            .build();

    Properties props = StreamsSettings.of(config, 8080);

    assertThat(props)
        .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE)
        .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 50L)
        .containsEntry(StreamsConfig.POLL_MS_CONFIG, 50L)
        .containsEntry(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 2L);
  }
}
