package dev.baton.cli.chaos;

import dev.baton.cli.stack.StackAddresses;
import dev.baton.schemas.SchemaRegistryClient;
import dev.baton.schemas.TopicLayout;
import dev.baton.schemas.Topics;
import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.Command;
import dev.baton.schemas.avro.LeaseRenewed;
import dev.baton.schemas.avro.OnBusy;
import dev.baton.schemas.avro.SubmitTurn;
import dev.baton.schemas.avro.ToolCallAssignment;
import dev.baton.schemas.avro.WorkerResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * A client that writes records straight to Baton's input topics, as a producer in another language
 * or a worker with a wrong clock might: submits to any partition, lease renewals and submits with
 * any CreateTime.
 */
final class RawCommands implements AutoCloseable {

  private final SchemaRegistryClient registry;
  private final Topics topics;
  private final int partitions;
  private final KafkaProducer<String, byte[]> producer;

  RawCommands(StackAddresses stack, TopicLayout layout) {
    this.registry = SchemaRegistryClient.create(stack.registryUrl());
    this.topics = Topics.create(layout, registry);
    this.partitions = layout.partitions();
    this.producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap()),
            new StringSerializer(),
            new ByteArraySerializer());
  }

  /**
   * Submits {@code input} as turn {@code turnId} ({@code onBusy=enqueue}) and waits until the
   * broker has it: on the key's partition or the next one, with a CreateTime {@code skewMs} off.
   */
  void submit(String sessionId, String turnId, String input, boolean wrongPartition, long skewMs) {
    long now = System.currentTimeMillis() + skewMs;
    Command command =
        new Command(
            turnId + "@" + sessionId,
            sessionId,
            Instant.ofEpochMilli(now),
            new SubmitTurn(turnId, input, OnBusy.ENQUEUE, null, Map.of(), null));
    String topic = topics.commands().name();
    byte[] value = topics.commands().valueSerde().serializer().serialize(topic, command);
    int partition = partitionOf(sessionId);
    if (wrongPartition) {
      partition = (partition + 1) % partitions;
    }
    send(new ProducerRecord<>(topic, partition, now, sessionId, value));
  }

  /**
   * Renews the lease of {@code assignment} as its worker would, from a clock {@code skewMs} off:
   * the record's CreateTime and its {@code producedAt}.
   */
  void renewLease(Assignment assignment, long skewMs) {
    long now = System.currentTimeMillis() + skewMs;
    String callId =
        assignment.getBody() instanceof ToolCallAssignment call ? call.getCallId() : null;
    WorkerResult renewal =
        new WorkerResult(
            assignment.getSessionId(),
            assignment.getTurnId(),
            assignment.getStep(),
            assignment.getAttempt(),
            assignment.getFencingToken(),
            "skewed-clock",
            Instant.ofEpochMilli(now),
            assignment.getAssignmentId(),
            new LeaseRenewed(assignment.getLeaseMs(), callId),
            assignment.getBody() instanceof ToolCallAssignment call
                ? call.getDispatchToken()
                : null);
    String topic = topics.workerResults().name();
    byte[] value = topics.workerResults().valueSerde().serializer().serialize(topic, renewal);
    send(new ProducerRecord<>(topic, null, now, assignment.getSessionId(), value));
  }

  private void send(ProducerRecord<String, byte[]> record) {
    try {
      producer.send(record).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot produce to " + record.topic(), e);
    }
  }

  /** The partition Java's default partitioner picks for {@code key}: murmur2 of its bytes. */
  private int partitionOf(String key) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  @Override
  public void close() {
    producer.close();
    registry.close();
  }
}
