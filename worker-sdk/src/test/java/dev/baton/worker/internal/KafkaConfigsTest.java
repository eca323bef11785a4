package dev.baton.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.schemas.InMemorySchemaRegistryClient;
import dev.baton.worker.WorkerOptions;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KafkaConfigsTest {

  private final WorkerOptions options =
      WorkerOptions.builder()
          .kafka("broker:9092")
          .schemaRegistry(new InMemorySchemaRegistryClient())
          .workerId("w-1")
          .shareGroup("fleet")
          .kafkaProperty("security.protocol", "PLAINTEXT")
          .build();

  @ParameterizedTest
  @CsvSource({"64,4", "10,3", "1,1", "5,5", "7,2"})
  void shouldSplitCapacityIntoNearlyEqualPartsThatSumToTheTotal(int total, int parts) {
    int[] capacities = KafkaConfigs.split(total, parts);

    assertThat(Arrays.stream(capacities).sum()).isEqualTo(total);
    assertThat(
            Arrays.stream(capacities).max().orElseThrow()
                - Arrays.stream(capacities).min().orElseThrow())
        .isLessThanOrEqualTo(1);
    assertThat(Arrays.stream(capacities).min().orElseThrow()).isPositive();
  }

  @Test
  void shouldConsumeInTheShareGroupWithExplicitAcknowledgementAndAHardRecordLimit() {
    Map<String, Object> config = KafkaConfigs.shareConsumer(options, 2, 16);

    assertThat(config)
        .containsEntry("bootstrap.servers", "broker:9092")
        .containsEntry("group.id", "fleet")
        .containsEntry("share.acknowledgement.mode", "explicit")
        .containsEntry("share.acquire.mode", "record_limit")
        .containsEntry("max.poll.records", 16)
        .containsEntry("client.id", "w-1-poller-2")
        .containsEntry("security.protocol", "PLAINTEXT");
  }

  @Test
  void shouldProduceIdempotentlyWithAllAcks() {
    Map<String, Object> config = KafkaConfigs.producer(options);

    assertThat(config)
        .containsEntry("enable.idempotence", true)
        .containsEntry("acks", "all")
        .containsEntry("client.id", "w-1-results")
        .containsEntry("linger.ms", 0)
        .containsEntry("security.protocol", "PLAINTEXT");
  }

  @Test
  void shouldLetAKafkaPropertyChooseTheResultsLinger() {
    WorkerOptions batching =
        WorkerOptions.builder()
            .kafka("broker:9092")
            .schemaRegistry(new InMemorySchemaRegistryClient())
            .kafkaProperty("linger.ms", "20")
            .build();

    assertThat(KafkaConfigs.producer(batching)).containsEntry("linger.ms", "20");
  }

  @Test
  void shouldTakeTheFetchMaxWaitFromAKafkaPropertyOrKafkasDefault() {
    WorkerOptions.Builder builder =
        WorkerOptions.builder()
            .kafka("broker:9092")
            .schemaRegistry(new InMemorySchemaRegistryClient());

    assertThat(KafkaConfigs.fetchMaxWait(builder.build())).isEqualTo(Duration.ofMillis(500));
    assertThat(KafkaConfigs.fetchMaxWait(builder.kafkaProperty("fetch.max.wait.ms", "250").build()))
        .isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void shouldReadTurnSignalsWithoutAGroupAndOnlyCommittedRecords() {
    Map<String, Object> config = KafkaConfigs.signalConsumer(options, "-signals");

    assertThat(config)
        .doesNotContainKey("group.id")
        .containsEntry("isolation.level", "read_committed")
        .containsEntry("enable.auto.commit", false)
        .containsEntry("client.id", "w-1-signals")
        .containsEntry("security.protocol", "PLAINTEXT");
  }
}
