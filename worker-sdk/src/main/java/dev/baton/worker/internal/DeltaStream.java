package dev.baton.worker.internal;

import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.StreamDelta;
import dev.baton.worker.DeltaKind;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * The output deltas of one step attempt, numbered from 0 in the order they are sent. Emitted text
 * is gathered into one delta until the linger has passed since its first unsent text, the delta
 * holds as much as a record may, text of another kind is emitted, or the stream is flushed or
 * finished; text too large for one record is cut into several deltas, between code points. So a
 * step writes at most one delta per linger, plus one per kind change and per record's worth of
 * text, plus the last marker. Thread-safe: a handler may emit from several threads.
 */
final class DeltaStream {

  /**
   * Room in a delta's value for everything but its text and ids: the schema id, the numbers, the
   * lengths, the flags and the kind.
   */
  static final int FIELDS_BYTES = 64 + DeltaKind.MAX_LENGTH;

  /** The least text a delta holds, so that every code point fits in one. */
  static final int MIN_TEXT_BYTES = 4;

  private final ResultPublisher publisher;
  private final Assignment assignment;
  private final int delivery;
  private final DeltaBatching batching;
  private final int maxTextBytes;
  private final StringBuilder pending = new StringBuilder();
  private int pendingBytes;
  private String pendingKind = DeltaKind.TEXT.name();
  private DeltaBatching.Cancellable lingering;
  private int next;
  private CompletableFuture<RecordMetadata> last = CompletableFuture.completedFuture(null);

  /**
   * The deltas of {@code assignment}'s run by delivery {@code delivery} of its record, gathered as
   * {@code batching} says.
   */
  DeltaStream(
      ResultPublisher publisher, Assignment assignment, int delivery, DeltaBatching batching) {
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.assignment = Objects.requireNonNull(assignment, "assignment");
    this.delivery = delivery;
    this.batching = Objects.requireNonNull(batching, "batching");
    this.maxTextBytes = maxTextBytes(batching.maxValueBytes(), assignment);
  }

  /**
   * The most text bytes one delta of {@code assignment} holds when its serialized value may take
   * {@code maxValueBytes}.
   */
  static int maxTextBytes(int maxValueBytes, Assignment assignment) {
    int ids =
        utf8Length(assignment.getSessionId()) + utf8Length(assignment.getTurnId()) + FIELDS_BYTES;
    return Math.max(MIN_TEXT_BYTES, maxValueBytes - ids);
  }

  /** Adds {@code text} of kind {@code kind} to the stream, without waiting. */
  synchronized void emit(DeltaKind kind, String text) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(text, "text");
    if (text.isEmpty()) {
      return;
    }
    if (pendingBytes > 0 && !kind.name().equals(pendingKind)) {
      send();
    }
    pendingKind = kind.name();
    int at = 0;
    while (at < text.length()) {
      Utf8.Fit fit = Utf8.fit(text, at, maxTextBytes - pendingBytes);
      pending.append(text, at, fit.end());
      pendingBytes += fit.bytes();
      at = fit.end();
      if (at < text.length()) {
        send(); // full: the rest goes into the next delta
      }
    }
    if (batching.linger().isZero() || pendingBytes == maxTextBytes) {
      send();
    } else {
      linger();
    }
  }

  /** Sends the text gathered so far, without waiting. */
  synchronized void flush() {
    send();
  }

  /**
   * Ends the stream: sends the text gathered so far, then, if anything was sent, an empty delta
   * marked last. Returns a future that completes when it is written (deltas of one session keep
   * their order, so every earlier one is written too).
   */
  synchronized CompletableFuture<RecordMetadata> finish() {
    send();
    if (next > 0) {
      last = publisher.emit(delta("", DeltaKind.TEXT.name(), true));
    }
    return last;
  }

  /** Starts the linger of the gathered text unless it runs already. */
  private void linger() {
    if (lingering != null || pendingBytes == 0) {
      return;
    }
    int batch = next;
    try {
      lingering = batching.timer().schedule(() -> lingerPassed(batch), batching.linger());
    } catch (RejectedExecutionException e) {
      send(); // the worker is closing and its timer has stopped: no linger
    }
  }

  private synchronized void lingerPassed(int batch) {
    if (batch == next) {
      lingering = null;
      send();
    }
  }

  private void send() {
    if (lingering != null) {
      lingering.cancel();
      lingering = null;
    }
    if (pendingBytes == 0) {
      return;
    }
    last = publisher.emit(delta(pending.toString(), pendingKind, false));
    pending.setLength(0);
    pendingBytes = 0;
  }

  private StreamDelta delta(String text, String kind, boolean isLast) {
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
        .setKind(kind)
        .build();
  }

  private static int utf8Length(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }
}
