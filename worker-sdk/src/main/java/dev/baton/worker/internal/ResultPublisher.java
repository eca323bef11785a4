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
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes results and stream deltas, keyed by session id, through one idempotent producer with
 * {@code acks=all}. A returned future completes when the record is durably written, or fails;
 * serialization failures (the registry is unreachable) fail it too. Thread-safe.
 */
public final class ResultPublisher {

  private static final Logger log = LoggerFactory.getLogger(ResultPublisher.class);

  /**
   * The largest result value a worker writes by default: Kafka's default {@code max.request.size}
   * (1 MiB) less 1 KiB for the key, the headers and the record's framing.
   */
  public static final int DEFAULT_MAX_RESULT_BYTES = 1024 * 1024 - ResultPublisher.FRAMING_BYTES;

  /** The room a result record needs besides its value: the key, the headers and the framing. */
  public static final int FRAMING_BYTES = 1024;

  private final Producer<String, byte[]> producer;
  private final Serializer<WorkerResult> results;
  private final Serializer<StreamDelta> deltas;
  private final String resultsTopic;
  private final String streamTopic;
  private final String workerId;
  private final Clock clock;
  private final int maxResultBytes;

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
    this(
        producer,
        results,
        deltas,
        new Topics(resultsTopic, streamTopic),
        workerId,
        clock,
        DEFAULT_MAX_RESULT_BYTES);
  }

  /**
   * The topics a publisher writes to.
   *
   * @param results the worker-results topic
   * @param stream the turn-stream topic
   */
  public record Topics(String results, String stream) {
    /** Checks that both are named. */
    public Topics {
      Objects.requireNonNull(results, "results");
      Objects.requireNonNull(stream, "stream");
    }
  }

  /**
   * Creates a publisher whose results are at most {@code maxResultBytes} long: a larger one is
   * replaced by a report that it was too large ({@code LIMIT_RECORD_SIZE}), so that no result is
   * refused by the producer and delivered again only to be refused again.
   *
   * @param producer the producer, idempotent with {@code acks=all}; the caller closes it
   * @param results the serializer of results
   * @param deltas the serializer of stream deltas
   * @param topics the topics
   * @param workerId the worker's id, written into every result
   * @param clock the clock of {@code producedAt}
   * @param maxResultBytes the largest serialized result; the producer's {@code max.request.size}
   *     less room for the key, headers and framing
   */
  public ResultPublisher(
      Producer<String, byte[]> producer,
      Serializer<WorkerResult> results,
      Serializer<StreamDelta> deltas,
      Topics topics,
      String workerId,
      Clock clock,
      int maxResultBytes) {
    String resultsTopic = topics.results();
    String streamTopic = topics.stream();
    if (maxResultBytes < 1) {
      throw new IllegalArgumentException("maxResultBytes must be positive, got " + maxResultBytes);
    }
    this.maxResultBytes = maxResultBytes;
    this.producer = Objects.requireNonNull(producer, "producer");
    this.results = Objects.requireNonNull(results, "results");
    this.deltas = Objects.requireNonNull(deltas, "deltas");
    this.resultsTopic = Objects.requireNonNull(resultsTopic, "resultsTopic");
    this.streamTopic = Objects.requireNonNull(streamTopic, "streamTopic");
    this.workerId = Objects.requireNonNull(workerId, "workerId");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The largest serialized value this publisher writes: a larger result is replaced by a report
   * that it was too large, and a step's deltas are cut to fit ({@link DeltaStream}).
   */
  public int maxValueBytes() {
    return maxResultBytes;
  }

  /** Publishes a result about {@code assignment} with {@code body}. */
  public CompletableFuture<RecordMetadata> publish(Assignment assignment, Object body) {
    return publish(assignment, body, new RecordHeaders());
  }

  /**
   * Publishes a result about {@code assignment} with {@code body}, in a record with {@code
   * headers}.
   */
  public CompletableFuture<RecordMetadata> publish(
      Assignment assignment, Object body, Headers headers) {
    return send(
        resultsTopic, assignment.getSessionId(), () -> withinLimit(assignment, body), headers);
  }

  /** The result's bytes, or those of the report that replaces it when they are over the limit. */
  private byte[] withinLimit(Assignment assignment, Object body) {
    byte[] value = serialize(assignment, body);
    if (value.length <= maxResultBytes) {
      return value;
    }
    log.warn(
        "The result of {} is {} bytes, over the {} a result may take; reporting it as too large",
        assignment.getAssignmentId(),
        value.length,
        maxResultBytes);
    return serialize(assignment, WorkerResults.tooLarge(body, value.length, maxResultBytes));
  }

  private byte[] serialize(Assignment assignment, Object body) {
    return results.serialize(
        resultsTopic, WorkerResults.of(assignment, body, workerId, clock.instant()));
  }

  /** Publishes a stream delta. */
  public CompletableFuture<RecordMetadata> emit(StreamDelta delta) {
    return send(
        streamTopic,
        delta.getSessionId(),
        () -> deltas.serialize(streamTopic, delta),
        new RecordHeaders());
  }

  private CompletableFuture<RecordMetadata> send(
      String topic, String key, Supplier<byte[]> value, Headers headers) {
    CompletableFuture<RecordMetadata> sent = new CompletableFuture<>();
    try {
      producer.send(
          new ProducerRecord<>(topic, null, key, value.get(), headers),
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
