package dev.baton.coordinator.stream;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One client's stream of one turn, or feed of a session's turns: the events the reader hands it, in
 * a bounded buffer. The reader never waits for a client: a client that lets the buffer fill is cut
 * off ({@link #isCut()}) after the events already buffered, and resumes from the id of the last one
 * it got. Close it when the client is gone.
 *
 * <pre>{@code
 * try (StreamSubscription subscription = streams.open(sessionId, turnId, start, 1024)) {
 *   for (Optional<TurnStreamEvent> next = subscription.next(heartbeat); ; ...) { ... }
 * }
 * }</pre>
 */
public final class StreamSubscription implements AutoCloseable {

  private final String sessionId;
  private final LinkedBlockingQueue<TurnStreamEvent> buffer;
  private final StreamFilter filter;
  private final Consumer<StreamSubscription> onClose;
  private volatile boolean cut;

  /** A stream of turn {@code turnId} of {@code sessionId} from {@code start}. */
  StreamSubscription(
      String sessionId,
      String turnId,
      TurnCursor start,
      int bufferEvents,
      Consumer<StreamSubscription> onClose) {
    this(sessionId, sink -> new TurnFilter(turnId, start, sink), bufferEvents, onClose);
  }

  /**
   * The feed of every turn of {@code sessionId} from {@code start}, beginning with the first event
   * of {@code fromTurnId} if not null, and showing no event of {@code endedTurnIds}.
   */
  StreamSubscription(
      String sessionId,
      FeedCursor start,
      String fromTurnId,
      Set<String> endedTurnIds,
      int bufferEvents,
      Consumer<StreamSubscription> onClose) {
    this(
        sessionId,
        sink -> new FeedFilter(start, fromTurnId, endedTurnIds, sink),
        bufferEvents,
        onClose);
  }

  private StreamSubscription(
      String sessionId,
      Function<Consumer<TurnStreamEvent>, StreamFilter> filter,
      int bufferEvents,
      Consumer<StreamSubscription> onClose) {
    this.sessionId = sessionId;
    // Grows with the events it holds: an idle stream costs no slots up front.
    this.buffer = new LinkedBlockingQueue<>(bufferEvents);
    this.filter = filter.apply(this::offer);
    this.onClose = onClose;
  }

  String sessionId() {
    return sessionId;
  }

  /** The stream's filter; used by the reader's thread only. */
  StreamFilter filter() {
    return filter;
  }

  /** Whether the reader has nothing more to hand it: the turn ended or the client was cut off. */
  boolean done() {
    return cut || filter.ended();
  }

  private void offer(TurnStreamEvent event) {
    if (!cut && !buffer.offer(event)) {
      cut = true;
    }
  }

  /**
   * The next event: at once if one is buffered, otherwise the first to come within {@code timeout};
   * empty if none came or the stream was cut off.
   */
  public Optional<TurnStreamEvent> next(Duration timeout) throws InterruptedException {
    TurnStreamEvent event = buffer.poll();
    if (event != null || cut) {
      return Optional.ofNullable(event);
    }
    return Optional.ofNullable(buffer.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
  }

  /** The next buffered event, without waiting. */
  public Optional<TurnStreamEvent> nextBuffered() {
    return Optional.ofNullable(buffer.poll());
  }

  /** Whether the client fell behind and was cut off, and has got every event buffered before. */
  public boolean isCut() {
    return cut && buffer.isEmpty();
  }

  /** Stops handing it events. */
  @Override
  public void close() {
    onClose.accept(this);
  }
}
