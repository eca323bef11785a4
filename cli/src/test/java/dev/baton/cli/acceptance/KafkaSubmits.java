package dev.baton.cli.acceptance;

import dev.baton.cli.stack.StackAddresses;
import dev.baton.schemas.Topics;
import dev.baton.schemas.avro.Command;
import dev.baton.schemas.avro.OnBusy;
import dev.baton.schemas.avro.SubmitTurn;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Submits turns straight to the commands topic, as a client without the HTTP API does. */
final class KafkaSubmits {

  private KafkaSubmits() {}

  /**
   * Writes a {@code SubmitTurn} of {@code input} as turn {@code turnId} of {@code sessionId}, with
   * {@code topics}' serdes, and waits until the broker has it.
   */
  static void submit(
      StackAddresses stack, Topics topics, String sessionId, String turnId, String input)
      throws ExecutionException, InterruptedException {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
    Command command =
        new Command(
            UUID.randomUUID().toString(),
            sessionId,
            Instant.now(),
            new SubmitTurn(turnId, input, OnBusy.REJECT, null, Map.of(), null));
    try (var producer =
        new KafkaProducer<>(
            props,
            topics.commands().keySerde().serializer(),
            topics.commands().valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(topics.commands().name(), sessionId, command)).get();
    }
  }
}
