package dev.baton.coordinator.topology.internal;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The trace context of each queued turn, kept in the payloads store beside the turn's input until
 * the turn starts or ends: the submit's {@code traceparent} (and {@code tracestate}), so that a
 * turn that waited in the queue stays in its client's trace. Its keys start with the session's
 * payload prefix, so a deleted session's contexts go with its bodies.
 */
final class QueuedTraces {

  /** A longer {@code tracestate} is not kept (W3C allows 512 characters). */
  static final int MAX_STATE_LENGTH = 512;

  private static final String SUFFIX = "\0trace";
  private static final char BETWEEN = '\n';

  private final KeyValueStore<String, String> payloads;

  QueuedTraces(KeyValueStore<String, String> payloads) {
    this.payloads = payloads;
  }

  /** A turn's root context: its {@code traceparent} and, if any, {@code tracestate}. */
  record Context(Header root, Header state) {}

  /** Keeps {@code context} for queued turn {@code turnId} of {@code sessionId}. */
  void remember(String sessionId, String turnId, Context context) {
    String value = text(context.root());
    if (context.state() != null && context.state().value().length <= MAX_STATE_LENGTH) {
      value += BETWEEN + text(context.state());
    }
    payloads.put(key(sessionId, turnId), value);
  }

  /** The context kept for the turn, which is forgotten. */
  Optional<Context> take(String sessionId, String turnId) {
    String key = key(sessionId, turnId);
    String value = payloads.get(key);
    if (value == null) {
      return Optional.empty();
    }
    payloads.delete(key);
    int between = value.indexOf(BETWEEN);
    String root = between < 0 ? value : value.substring(0, between);
    Header state =
        between < 0 ? null : header(TraceHeaders.TRACESTATE, value.substring(between + 1));
    return Optional.of(new Context(header(TraceHeaders.TURN_ROOT, root), state));
  }

  private static String key(String sessionId, String turnId) {
    return StatePayloads.sessionPrefix(sessionId) + turnId + SUFFIX;
  }

  private static String text(Header header) {
    return new String(header.value(), StandardCharsets.UTF_8);
  }

  private static Header header(String name, String value) {
    return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
