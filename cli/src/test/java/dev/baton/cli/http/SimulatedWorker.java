package dev.baton.cli.http;

import static org.awaitility.Awaitility.await;

import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.TestIds;
import dev.baton.schemas.SchemaRegistryClient;
import dev.baton.schemas.TopicLayout;
import dev.baton.schemas.Topics;
import dev.baton.schemas.avro.AgentAnswered;
import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.Message;
import dev.baton.schemas.avro.Role;
import dev.baton.schemas.avro.Usage;
import dev.baton.schemas.avro.WorkerResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Plays the worker fleet in integration tests without the SDK: reads {@code AgentStep}s from the
 * assignments topic with a plain consumer ({@code read_committed}) and answers them with {@code
 * AgentAnswered} results carrying the assignment's id, fencing token, step and attempt.
 */
final class SimulatedWorker implements AutoCloseable {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private final Topics topics;
  private final SchemaRegistryClient registry;
  private final KafkaConsumer<String, Assignment> consumer;
  private final KafkaProducer<String, WorkerResult> producer;
  private final List<Assignment> received = new ArrayList<>();

  SimulatedWorker(StackAddresses stack, TopicLayout layout, TestIds ids) {
    registry = SchemaRegistryClient.create(stack.registryUrl());
    topics = Topics.create(layout, registry);
    consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG,
                ids.groupId() + "-worker",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            topics.assignments().keySerde().deserializer(),
            topics.assignments().valueSerde().deserializer());
    consumer.subscribe(List.of(topics.assignments().name()));
    producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.kafkaBootstrap(),
                ProducerConfig.ACKS_CONFIG,
                "all"),
            topics.workerResults().keySerde().serializer(),
            topics.workerResults().valueSerde().serializer());
  }

  /** Waits for the next assignment of {@code turnId} in {@code sessionId}. */
  Assignment nextAssignment(String sessionId, String turnId) {
    await()
        .atMost(WAIT)
        .until(
            () -> {
              consumer.poll(Duration.ofMillis(100)).forEach(record -> received.add(record.value()));
              return find(sessionId, turnId).isPresent();
            });
    Assignment assignment = find(sessionId, turnId).orElseThrow();
    received.remove(assignment);
    return assignment;
  }

  /** Answers the next assignment of the turn with {@code answer}. */
  void answer(String sessionId, String turnId, String answer) throws Exception {
    answer(sessionId, turnId, answer, Duration.ZERO);
  }

  /**
   * Answers the next assignment of the turn with {@code answer}, as a worker whose clock is off by
   * {@code clockSkew}: the result is sent with that timestamp.
   */
  void answer(String sessionId, String turnId, String answer, Duration clockSkew) throws Exception {
    Instant workerNow = Instant.now().plus(clockSkew);
    Assignment assignment = nextAssignment(sessionId, turnId);
    Message message = new Message(Role.ASSISTANT, answer, List.of(), null, null);
    WorkerResult result =
        new WorkerResult(
            sessionId,
            turnId,
            assignment.getStep(),
            assignment.getAttempt(),
            assignment.getFencingToken(),
            "simulated-worker",
            workerNow,
            assignment.getAssignmentId(),
            new AgentAnswered(message, new Usage(3L, 4L, "test-model")),
            null);
    producer
        .send(
            new ProducerRecord<>(
                topics.workerResults().name(), null, workerNow.toEpochMilli(), sessionId, result))
        .get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  private Optional<Assignment> find(String sessionId, String turnId) {
    return received.stream()
        .filter(a -> a.getSessionId().equals(sessionId) && a.getTurnId().equals(turnId))
        .findFirst();
  }

  @Override
  public void close() {
    consumer.close();
    producer.close();
    registry.close();
  }
}
