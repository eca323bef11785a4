package dev.baton.coordinator.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PacedClientsTest {

  private static final Map<String, Object> CONFIG =
      Map.of(
          ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1",
          ConsumerConfig.GROUP_ID_CONFIG, "paced-clients-test");

  private final PacedClients clients =
      new PacedClients(Duration.ofMillis(1), Duration.ofMillis(20));

  @Test
  void shouldPaceOnlyTheStreamThreadsMainConsumers() {
    try (Consumer<byte[], byte[]> main = clients.getConsumer(CONFIG);
        Consumer<byte[], byte[]> restore = clients.getRestoreConsumer(CONFIG);
        Consumer<byte[], byte[]> global = clients.getGlobalConsumer(CONFIG)) {
      assertThat(main).isInstanceOf(PacedConsumer.class);
      assertThat(restore).isNotInstanceOf(PacedConsumer.class);
      assertThat(global).isNotInstanceOf(PacedConsumer.class);
    }
  }

  @Test
  void shouldCountAnEmptyPollOfAtLeastACheckAsQuietAndAnEmptyPollOfZeroNot() {
    try (Consumer<byte[], byte[]> main = clients.getConsumer(CONFIG)) {
      main.assign(List.of(new TopicPartition("commands", 0)));
      long before = PollPacing.quietPolls();

      assertThat(main.poll(Duration.ofMillis(1))).isEmpty();
      assertThat(PollPacing.quietPolls()).isEqualTo(before + 1);

      assertThat(main.poll(Duration.ZERO)).isEmpty();
      assertThat(PollPacing.quietPolls())
          .as("Kafka Streams polls for zero while tasks restore: that proves no quiet")
          .isEqualTo(before + 1);
    }
  }
}
