package dev.baton.cli.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.TestIds;
import dev.baton.coordinator.TopicBootstrap;
import dev.baton.schemas.Compatibility;
import dev.baton.schemas.HistoryKey;
import dev.baton.schemas.Samples;
import dev.baton.schemas.SchemaBootstrap;
import dev.baton.schemas.SchemaRegistryClient;
import dev.baton.schemas.SchemaRegistryException;
import dev.baton.schemas.Topic;
import dev.baton.schemas.TopicLayout;
import dev.baton.schemas.Topics;
import dev.baton.schemas.UnknownSchemaIdException;
import dev.baton.schemas.avro.HistoryEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The project's serde and registry client against the real registry and broker: schemas are
 * registered with BACKWARD compatibility, records of every envelope go through Kafka, and a fresh
 * client that knows only the registry URL decodes them.
 */
@BatonStackTest
class RegistryRoundTripIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void shouldRegisterEverySubjectWithBackwardCompatibilityIdempotently(
      StackAddresses stack, TestIds ids) {
    TopicLayout layout = ids.layout(1);
    try (SchemaRegistryClient registry = SchemaRegistryClient.create(stack.registryUrl())) {
      Map<String, Integer> first = SchemaBootstrap.run(layout, registry);
      Map<String, Integer> second = SchemaBootstrap.run(layout, registry);

      assertThat(first).hasSize(layout.specs().size()).isEqualTo(second);
      for (String subject : first.keySet()) {
        assertThat(registry.getCompatibility(subject)).isEqualTo(Compatibility.BACKWARD);
      }
    }
  }

  @Test
  void shouldDecodeEveryEnvelopeThroughKafkaWithAFreshClient(StackAddresses stack, TestIds ids)
      throws Exception {
    TopicLayout layout = ids.layout(1);
    try (TopicBootstrap bootstrap = new TopicBootstrap(stack.kafkaBootstrap(), 1)) {
      bootstrap.createTopics(layout);
    }
    try (SchemaRegistryClient writer = SchemaRegistryClient.create(stack.registryUrl());
        SchemaRegistryClient reader = SchemaRegistryClient.create(stack.registryUrl())) {
      Topics produced = Topics.create(layout, writer);
      Topics consumed = Topics.create(layout, reader);

      roundTrip(
          stack,
          ids,
          produced.commands(),
          consumed.commands(),
          Samples.commands(),
          c -> c.getSessionId());
      roundTrip(
          stack,
          ids,
          produced.assignments(),
          consumed.assignments(),
          Samples.assignments(),
          a -> a.getSessionId());
      roundTrip(
          stack,
          ids,
          produced.workerResults(),
          consumed.workerResults(),
          Samples.workerResults(),
          r -> r.getSessionId());
      roundTrip(
          stack,
          ids,
          produced.sessionEvents(),
          consumed.sessionEvents(),
          Samples.sessionEvents(),
          e -> e.getSessionId());
      roundTrip(
          stack,
          ids,
          produced.turnStream(),
          consumed.turnStream(),
          Samples.streamDeltas(),
          d -> d.getSessionId());
      roundTrip(
          stack,
          ids,
          produced.turnSignals(),
          consumed.turnSignals(),
          Samples.turnSignals(),
          s -> s.getSessionId());
      roundTrip(
          stack,
          ids,
          produced.history(),
          consumed.history(),
          Samples.historyEntries(),
          RegistryRoundTripIT::historyKey);
    }
  }

  @Test
  void shouldReportAnUnknownSchemaIdFromTheRealRegistry(StackAddresses stack) {
    try (SchemaRegistryClient registry = SchemaRegistryClient.create(stack.registryUrl())) {
      assertThatThrownBy(() -> registry.schemaById(987_654))
          .isInstanceOf(UnknownSchemaIdException.class)
          .hasMessageContaining("987654");
    }
  }

  @Test
  void shouldRefuseAnIncompatibleChangeOfABackwardSubject(StackAddresses stack, TestIds ids) {
    String subject = ids.topic("compat") + "-value";
    Schema v1 = SchemaBuilder.record("Probe").fields().requiredString("a").endRecord();
    Schema v2 =
        SchemaBuilder.record("Probe").fields().requiredString("a").requiredLong("b").endRecord();
    try (SchemaRegistryClient registry = SchemaRegistryClient.create(stack.registryUrl())) {
      registry.register(subject, v1);
      registry.setCompatibility(subject, Compatibility.BACKWARD);

      assertThatThrownBy(() -> registry.register(subject, v2))
          .isInstanceOf(SchemaRegistryException.class)
          .satisfies(e -> assertThat(((SchemaRegistryException) e).isRetryable()).isFalse());
    }
  }

  private static HistoryKey historyKey(HistoryEntry entry) {
    return new HistoryKey(entry.getSessionId(), entry.getSeq());
  }

  private static <K, V> void roundTrip(
      StackAddresses stack,
      TestIds ids,
      Topic<K, V> producedTopic,
      Topic<K, V> consumedTopic,
      List<V> values,
      Function<V, K> keyOf)
      throws Exception {
    try (KafkaProducer<K, V> producer =
        new KafkaProducer<>(
            producerConfig(stack),
            producedTopic.keySerde().serializer(),
            producedTopic.valueSerde().serializer())) {
      for (V value : values) {
        producer.send(new ProducerRecord<>(producedTopic.name(), keyOf.apply(value), value)).get();
      }
    }
    List<V> received = new ArrayList<>();
    try (KafkaConsumer<K, V> consumer =
        new KafkaConsumer<>(
            consumerConfig(stack, ids),
            consumedTopic.keySerde().deserializer(),
            consumedTopic.valueSerde().deserializer())) {
      consumer.subscribe(List.of(consumedTopic.name()));
      await()
          .atMost(WAIT)
          .until(
              () -> {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                  assertThat(record.key()).isEqualTo(keyOf.apply(record.value()));
                  received.add(record.value());
                }
                return received.size() >= values.size();
              });
    }
    assertThat(received).as(consumedTopic.name()).containsExactlyElementsOf(values);
  }

  private static Properties producerConfig(StackAddresses stack) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    return props;
  }

  private static Properties consumerConfig(StackAddresses stack, TestIds ids) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, ids.groupId() + "-" + System.nanoTime());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return props;
  }
}
