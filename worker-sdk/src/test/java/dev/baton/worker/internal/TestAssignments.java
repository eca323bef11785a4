package dev.baton.worker.internal;

import dev.baton.schemas.AvroSerde;
import dev.baton.schemas.InMemorySchemaRegistryClient;
import dev.baton.schemas.SchemaRegistryClient;
import dev.baton.schemas.avro.AgentStep;
import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.Message;
import dev.baton.schemas.avro.Role;
import dev.baton.schemas.avro.StreamDelta;
import dev.baton.schemas.avro.ToolCallAssignment;
import dev.baton.schemas.avro.WorkerResult;
import dev.baton.worker.OperationClass;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/** Assignments and their records for tests, encoded with an in-memory registry. */
public final class TestAssignments {

  /** The default assignments topic. */
  public static final String TOPIC = "baton.assignments";

  private final SchemaRegistryClient registry = new InMemorySchemaRegistryClient();
  private final AvroSerde<Assignment> assignments = AvroSerde.forValue(Assignment.class, registry);
  private final AvroSerde<WorkerResult> results = AvroSerde.forValue(WorkerResult.class, registry);
  private final AvroSerde<StreamDelta> deltas = AvroSerde.forValue(StreamDelta.class, registry);
  private final AtomicLong offsets = new AtomicLong();

  /** The registry the encodings use. */
  public SchemaRegistryClient registry() {
    return registry;
  }

  /** The serde of assignments. */
  public AvroSerde<Assignment> assignmentSerde() {
    return assignments;
  }

  /** The serde of results. */
  public AvroSerde<WorkerResult> resultSerde() {
    return results;
  }

  /** The serde of stream deltas. */
  public AvroSerde<StreamDelta> deltaSerde() {
    return deltas;
  }

  /** An agent step of {@code sessionId} with {@code input} and fencing token {@code token}. */
  public static Assignment agentStep(String sessionId, String input, long token) {
    AgentStep body =
        AgentStep.newBuilder()
            .setInput(input)
            .setContext(List.of(Message.newBuilder().setRole(Role.USER).setContent(input).build()))
            .setMetadata(Map.of("client", "test"))
            .build();
    return assignment(sessionId, token, body);
  }

  /** A tool call of {@code sessionId}. */
  public static Assignment toolCall(String sessionId, String tool, long token) {
    ToolCallAssignment body =
        ToolCallAssignment.newBuilder()
            .setCallId("call-1")
            .setIndex(0)
            .setName(tool)
            .setArgumentsJson("{}")
            .setOperationClass(Wire.toAvro(OperationClass.READ))
            .setStepOperationClasses(List.of(Wire.toAvro(OperationClass.READ)))
            .build();
    return assignment(sessionId, token, body);
  }

  /** {@code assignment} as a call that the coordinator orders itself. */
  public static Assignment ordered(Assignment assignment) {
    return Assignment.newBuilder(assignment)
        .setBody(
            ToolCallAssignment.newBuilder((ToolCallAssignment) assignment.getBody())
                .setOrdered(true)
                .build())
        .build();
  }

  /**
   * Tool call {@code index} of a step whose calls have {@code classes}, with id {@code
   * call-<index>} and arguments {@code {"i":<index>}}.
   */
  public static Assignment toolCall(
      String sessionId, String tool, long token, int index, List<OperationClass> classes) {
    ToolCallAssignment body =
        ToolCallAssignment.newBuilder()
            .setCallId("call-" + index)
            .setIndex(index)
            .setName(tool)
            .setArgumentsJson("{\"i\":" + index + "}")
            .setOperationClass(
                Wire.toAvro(classes.isEmpty() ? OperationClass.WRITE : classes.get(index)))
            .setStepOperationClasses(classes.stream().map(Wire::toAvro).toList())
            .build();
    return assignment(sessionId, token, body);
  }

  /** {@code assignment} as the record the next offset of partition 0 holds. */
  public ConsumerRecord<String, byte[]> record(Assignment assignment) {
    return record(assignment.getSessionId(), assignments.serialize(TOPIC, assignment));
  }

  /** {@code assignment} as the record of {@code deliveryCount}th delivery of the next offset. */
  public ConsumerRecord<String, byte[]> record(Assignment assignment, int deliveryCount) {
    return new ConsumerRecord<>(
        TOPIC,
        0,
        offsets.getAndIncrement(),
        0L,
        TimestampType.CREATE_TIME,
        -1,
        -1,
        assignment.getSessionId(),
        assignments.serialize(TOPIC, assignment),
        new RecordHeaders(),
        Optional.empty(),
        Optional.of((short) deliveryCount));
  }

  /** A record with raw {@code value}, at the next offset of partition 0. */
  public ConsumerRecord<String, byte[]> record(String key, byte[] value) {
    return new ConsumerRecord<>(TOPIC, 0, offsets.getAndIncrement(), key, value);
  }

  /** A publisher of worker {@code w-1} to {@code producer}, with this registry's serdes. */
  public ResultPublisher publisher(MockProducer<String, byte[]> producer) {
    return new ResultPublisher(
        producer, results, deltas, "results", "stream", "w-1", Clock.systemUTC());
  }

  /** Decodes a published result. */
  public WorkerResult result(ProducerRecord<String, byte[]> record) {
    return results.deserialize(record.topic(), record.value());
  }

  /** Decodes a published stream delta. */
  public StreamDelta delta(ProducerRecord<String, byte[]> record) {
    return deltas.deserialize(record.topic(), record.value());
  }

  private static Assignment assignment(String sessionId, long token, Object body) {
    return Assignment.newBuilder()
        .setAssignmentId("assignment-" + sessionId + "-" + token)
        .setSessionId(sessionId)
        .setTurnId("turn-1")
        .setStep(2)
        .setAttempt(1)
        .setFencingToken(token)
        .setLeaseMs(30_000)
        .setIssuedAt(Instant.now())
        .setTurnDeadline(null)
        .setBody(body)
        .build();
  }
}
