package dev.baton.cli.example;

import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.TestIds;
import dev.baton.coordinator.TopicBootstrap;
import dev.baton.schemas.SchemaBootstrap;
import dev.baton.schemas.SchemaRegistryClient;
import dev.baton.schemas.TopicLayout;
import dev.baton.schemas.Topics;
import dev.baton.schemas.avro.AgentStep;
import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.OperationClass;
import dev.baton.schemas.avro.ToolCallAssignment;
import dev.baton.schemas.avro.TurnSignal;
import dev.baton.schemas.avro.TurnSignalKind;
import dev.baton.schemas.avro.WorkerResult;
import dev.baton.worker.AgentHandler;
import dev.baton.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One worker integration test's topics, share group and clients on the shared stack: it produces
 * assignments, starts workers and collects the worker results.
 */
final class WorkerFixture implements AutoCloseable {

  private static final int PARTITIONS = 3;

  private final StackAddresses stack;
  private final TestIds ids;
  private final TopicLayout layout;
  private final SchemaRegistryClient registry;
  private final Topics topics;
  private final KafkaProducer<String, byte[]> producer;
  private final KafkaConsumer<String, WorkerResult> results;
  private final List<WorkerResult> received = new CopyOnWriteArrayList<>();
  private final List<Worker> workers = new ArrayList<>();
  private final AtomicInteger tokens = new AtomicInteger(100);

  WorkerFixture(StackAddresses stack, TestIds ids) {
    this.stack = stack;
    this.ids = ids;
    this.layout = ids.layout(PARTITIONS);
    try (TopicBootstrap bootstrap = new TopicBootstrap(stack.kafkaBootstrap(), 1)) {
      bootstrap.createTopics(layout);
      bootstrap.prepareShareGroup(ids.shareGroupId());
    }
    this.registry = SchemaRegistryClient.create(stack.registryUrl());
    SchemaBootstrap.run(layout, registry);
    this.topics = Topics.create(layout, registry);
    this.producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", stack.kafkaBootstrap(), "acks", "all"),
            new StringSerializer(),
            new ByteArraySerializer());
    this.results =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers", stack.kafkaBootstrap(),
                "group.id", ids.groupId(),
                "auto.offset.reset", "earliest"),
            new StringDeserializer(),
            topics.workerResults().valueSerde().deserializer());
    results.subscribe(List.of(layout.workerResults()));
  }

  /** This test's topics. */
  TopicLayout layout() {
    return layout;
  }

  /** A worker on this test's topics and share group, started. */
  Worker startWorker(String workerId, AgentHandler agent, int maxInFlight, int pollers) {
    return start(workerBuilder(workerId, agent, maxInFlight, pollers));
  }

  /** A builder of a worker on this test's topics and share group, to set more options on. */
  Worker.Builder workerBuilder(String workerId, AgentHandler agent, int maxInFlight, int pollers) {
    return Worker.builder()
        .kafka(stack.kafkaBootstrap())
        .schemaRegistry(stack.registryUrl())
        .topicPrefix(layout.prefix())
        .shareGroup(ids.shareGroupId())
        .workerId(workerId)
        .maxInFlight(maxInFlight)
        .pollers(pollers)
        .pollTimeout(Duration.ofMillis(100))
        .agent(agent);
  }

  /** Builds and starts a worker; {@link #close()} shuts it down. */
  Worker start(Worker.Builder builder) {
    Worker worker = builder.build();
    workers.add(worker);
    worker.start();
    return worker;
  }

  /** Produces {@code assignment} as it is, keyed by its session. */
  void produce(Assignment assignment) {
    produceRaw(assignment.getSessionId(), serialize(assignment));
  }

  /**
   * Produces the coordinator's STOP signal for every assignment of {@code assignment}'s turn up to
   * its fencing token, and returns once it is written.
   */
  void stopTurnOf(Assignment assignment) {
    TurnSignal signal =
        TurnSignal.newBuilder()
            .setSessionId(assignment.getSessionId())
            .setTurnId(assignment.getTurnId())
            .setKind(TurnSignalKind.STOP)
            .setReason("CANCELLED")
            .setUpToFencingToken(assignment.getFencingToken())
            .setIssuedAt(Instant.now())
            .build();
    byte[] value =
        topics.turnSignals().valueSerde().serializer().serialize(layout.turnSignals(), signal);
    send(new ProducerRecord<>(layout.turnSignals(), assignment.getSessionId(), value));
  }

  /**
   * An {@link EchoWorker} with notes tools that wait {@code toolDelay}, on this test's topics and
   * share group, with its own turn locks (its own Redis connections), started.
   */
  Worker startEchoWorker(String workerId, Duration toolDelay, int maxInFlight) {
    Worker worker =
        EchoWorker.builder(stack, layout, ids.shareGroupId(), workerId, toolDelay)
            .maxInFlight(maxInFlight)
            .pollTimeout(Duration.ofMillis(100))
            .build();
    workers.add(worker);
    worker.start();
    return worker;
  }

  /** A new fencing token, higher than every one handed out before. */
  long nextToken() {
    return tokens.incrementAndGet();
  }

  /**
   * Produces tool call {@code index} of step 0 of turn {@code turn-<token>} of session {@code
   * sessionId} with fencing token {@code token}, whose step has the calls {@code classes}, to
   * partition {@code index % PARTITIONS}, and returns it. Its call id is {@code
   * call-<token>-<index>}.
   */
  Assignment assignToolCall(
      String sessionId,
      long token,
      int index,
      String tool,
      String argumentsJson,
      List<OperationClass> classes) {
    Assignment assignment = toolCall(sessionId, token, index, tool, argumentsJson, classes);
    produce(index % PARTITIONS, assignment);
    return assignment;
  }

  /** The tool call {@link #assignToolCall} produces, not produced. */
  Assignment toolCall(
      String sessionId,
      long token,
      int index,
      String tool,
      String argumentsJson,
      List<OperationClass> classes) {
    ToolCallAssignment body =
        ToolCallAssignment.newBuilder()
            .setCallId("call-" + token + "-" + index)
            .setIndex(index)
            .setName(tool)
            .setArgumentsJson(argumentsJson)
            .setOperationClass(classes.get(index))
            .setStepOperationClasses(classes)
            .build();
    return assignment(
        "assignment-" + sessionId + "-" + token + "-call-" + index, sessionId, token, body);
  }

  /** Produces an agent step with {@code input} and a new fencing token, and returns it. */
  Assignment assign(String input) {
    Assignment assignment = agentStep(ids.sessionId(), input, tokens.incrementAndGet());
    produceRaw(assignment.getSessionId(), serialize(assignment));
    return assignment;
  }

  /**
   * Produces an agent step with {@code input} to partition {@code index % PARTITIONS}, so that
   * consecutive calls reach every partition, and returns it.
   */
  Assignment assignRoundRobin(int index, String input) {
    Assignment assignment = agentStep(ids.sessionId(), input, tokens.incrementAndGet());
    produce(index % PARTITIONS, assignment);
    return assignment;
  }

  private void produce(int partition, Assignment assignment) {
    send(
        new ProducerRecord<>(
            layout.assignments(), partition, assignment.getSessionId(), serialize(assignment)));
  }

  private byte[] serialize(Assignment assignment) {
    return topics
        .assignments()
        .valueSerde()
        .serializer()
        .serialize(layout.assignments(), assignment);
  }

  /** Produces {@code value} to the assignments topic as it is. */
  void produceRaw(String key, byte[] value) {
    send(new ProducerRecord<>(layout.assignments(), key, value));
  }

  private void send(ProducerRecord<String, byte[]> record) {
    try {
      producer.send(record).get();
    } catch (Exception e) {
      throw new IllegalStateException("Cannot produce to " + record.topic(), e);
    }
  }

  /** Polls the worker-results topic once and returns every result received so far. */
  List<WorkerResult> results() {
    for (ConsumerRecord<String, WorkerResult> record : results.poll(Duration.ofMillis(200))) {
      received.add(record.value());
    }
    return List.copyOf(received);
  }

  /** The results received so far about {@code assignment}. */
  List<WorkerResult> resultsFor(Assignment assignment) {
    return results().stream()
        .filter(r -> assignment.getAssignmentId().equals(r.getAssignmentId()))
        .toList();
  }

  /** Shuts every worker down now and closes the clients. */
  @Override
  public void close() throws InterruptedException {
    for (Worker worker : workers) {
      worker.shutdownNow();
      worker.awaitTermination(Duration.ofSeconds(30));
    }
    results.close();
    producer.close();
    registry.close();
  }

  private static Assignment agentStep(String sessionId, String input, long token) {
    AgentStep body =
        AgentStep.newBuilder().setInput(input).setContext(List.of()).setMetadata(Map.of()).build();
    return assignment("assignment-" + sessionId + "-" + token, sessionId, token, body);
  }

  private static Assignment assignment(
      String assignmentId, String sessionId, long token, Object body) {
    return Assignment.newBuilder()
        .setAssignmentId(assignmentId)
        .setSessionId(sessionId)
        .setTurnId("turn-" + token)
        .setStep(0)
        .setAttempt(0)
        .setFencingToken(token)
        .setLeaseMs(30_000)
        .setIssuedAt(Instant.now())
        .setBody(body)
        .build();
  }
}
