package dev.baton.worker.internal;

import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.StreamDelta;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * The output deltas of one step attempt, numbered from 0 in the order they are emitted.
 * Thread-safe: a handler may emit from several threads.
 */
final class DeltaStream {

  private final ResultPublisher publisher;
  private final Assignment assignment;
  private final int delivery;
  private int next;
  private CompletableFuture<RecordMetadata> last = CompletableFuture.completedFuture(null);

  /** The deltas of {@code assignment}'s run by delivery {@code delivery} of its record. */
  DeltaStream(ResultPublisher publisher, Assignment assignment, int delivery) {
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.assignment = Objects.requireNonNull(assignment, "assignment");
    this.delivery = delivery;
  }

  /** Sends {@code text} as the next delta, without waiting. */
  synchronized void emit(String text) {
    last = publisher.emit(delta(Objects.requireNonNull(text, "text"), false));
  }

  /**
   * Ends the stream: if anything was emitted, sends an empty delta marked last. Returns a future
   * that completes when it is written (deltas of one session keep their order, so every earlier one
   * is written too).
   */
  synchronized CompletableFuture<RecordMetadata> finish() {
    if (next > 0) {
      last = publisher.emit(delta("", true));
    }
    return last;
  }

  private StreamDelta delta(String text, boolean isLast) {
    return StreamDelta.newBuilder()
        .setSessionId(assignment.getSessionId())
        .setTurnId(assignment.getTurnId())
        .setStep(assignment.getStep())
        .setAttempt(assignment.getAttempt())
        .setIndex(next++)
        .setCallId(null)
        .setText(text)
        .setLast(isLast)
        .setFencingToken(assignment.getFencingToken())
        .setDelivery(delivery)
        .build();
  }
}
