package dev.baton.worker.internal;

import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.StreamDelta;
import dev.baton.schemas.avro.WorkerResult;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Publishes results and stream deltas, keyed by session id, through one idempotent producer with
 * {@code acks=all}. A returned future completes when the record is durably written, or fails;
 * serialization failures (the registry is unreachable) fail it too. Thread-safe.
 */
public final class ResultPublisher {

  private final Producer<String, byte[]> producer;
  private final Serializer<WorkerResult> results;
  private final Serializer<StreamDelta> deltas;
  private final String resultsTopic;
  private final String streamTopic;
  private final String workerId;
  private final Clock clock;

  /**
   * Creates a publisher.
   *
   * @param producer the producer, idempotent with {@code acks=all}; the caller closes it
   * @param results the serializer of results
   * @param deltas the serializer of stream deltas
   * @param resultsTopic the worker-results topic
   * @param streamTopic the turn-stream topic
   * @param workerId the worker's id, written into every result
   * @param clock the clock of {@code producedAt}
   */
  public ResultPublisher(
      Producer<String, byte[]> producer,
      Serializer<WorkerResult> results,
      Serializer<StreamDelta> deltas,
      String resultsTopic,
      String streamTopic,
      String workerId,
      Clock clock) {
    this.producer = Objects.requireNonNull(producer, "producer");
    this.results = Objects.requireNonNull(results, "results");
    this.deltas = Objects.requireNonNull(deltas, "deltas");
    this.resultsTopic = Objects.requireNonNull(resultsTopic, "resultsTopic");
    this.streamTopic = Objects.requireNonNull(streamTopic, "streamTopic");
    this.workerId = Objects.requireNonNull(workerId, "workerId");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Publishes a result about {@code assignment} with {@code body}. */
  public CompletableFuture<RecordMetadata> publish(Assignment assignment, Object body) {
    return send(
        resultsTopic,
        assignment.getSessionId(),
        () ->
            results.serialize(
                resultsTopic, WorkerResults.of(assignment, body, workerId, clock.instant())));
  }

  /** Publishes a stream delta. */
  public CompletableFuture<RecordMetadata> emit(StreamDelta delta) {
    return send(streamTopic, delta.getSessionId(), () -> deltas.serialize(streamTopic, delta));
  }

  private CompletableFuture<RecordMetadata> send(String topic, String key, Supplier<byte[]> value) {
    CompletableFuture<RecordMetadata> sent = new CompletableFuture<>();
    try {
      producer.send(
          new ProducerRecord<>(topic, key, value.get()),
          (metadata, e) -> {
            if (e != null) {
              sent.completeExceptionally(e);
            } else {
              sent.complete(metadata);
            }
          });
    } catch (RuntimeException e) {
      sent.completeExceptionally(e);
    }
    return sent;
  }
}
