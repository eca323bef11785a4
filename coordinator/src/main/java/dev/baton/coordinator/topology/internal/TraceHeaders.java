package dev.baton.coordinator.topology.internal;

import dev.baton.schemas.TraceContextHeaders;
import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.SessionEvent;
import dev.baton.schemas.avro.TurnAccepted;
import dev.baton.schemas.avro.TurnSignal;
import dev.baton.schemas.avro.TurnStarted;
import java.util.HashSet;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The W3C trace context of the records a decision writes: every record of a turn carries the turn's
 * root context, the {@code traceparent} of the request that submitted it, as {@code traceparent}
 * (so a worker's step and tool-call spans are its children) and as {@code baton-turn-traceparent}.
 * A worker's result names its own span in {@code traceparent} and hands the root back in {@code
 * baton-turn-traceparent}, so the records decided from the result stay in the turn's trace.
 *
 * <p>A turn that starts from the queue, decided from a record of another turn, gets no context: its
 * first worker starts a new trace, which the turn's later records then carry.
 */
final class TraceHeaders {

  private final Header root;
  private final Header state;
  private final Set<String> startedFromQueue;

  private TraceHeaders(Header root, Header state, Set<String> startedFromQueue) {
    this.root = root;
    this.state = state;
    this.startedFromQueue = startedFromQueue;
  }

  /**
   * The trace context of the decision made from {@code input}, whose events are among {@code
   * effects}.
   */
  static TraceHeaders of(InputRecord input, Iterable<Effect> effects) {
    Headers headers = input.headers();
    return new TraceHeaders(
        TraceContextHeaders.turnRoot(headers),
        headers.lastHeader(TraceContextHeaders.TRACESTATE),
        startedFromQueue(effects));
  }

  /** The turns the decision started without accepting them in it: turns from the queue. */
  private static Set<String> startedFromQueue(Iterable<Effect> effects) {
    Set<String> accepted = new HashSet<>();
    Set<String> started = new HashSet<>();
    for (Effect effect : effects) {
      if (effect instanceof Effect.Emit emit) {
        Object body = emit.event().getBody();
        if (body instanceof TurnAccepted) {
          accepted.add(emit.event().getTurnId());
        } else if (body instanceof TurnStarted) {
          started.add(emit.event().getTurnId());
        }
      }
    }
    started.removeAll(accepted);
    return started;
  }

  /** New headers for {@code record}: the turn's context, or none. */
  Headers forRecord(SpecificRecord record) {
    RecordHeaders output = new RecordHeaders();
    if (root == null || startedFromQueue.contains(turnIdOf(record))) {
      return output;
    }
    output.add(new RecordHeader(TraceContextHeaders.TRACEPARENT, root.value()));
    output.add(new RecordHeader(TraceContextHeaders.TURN_TRACEPARENT, root.value()));
    if (state != null) {
      output.add(state);
    }
    return output;
  }

  private static String turnIdOf(SpecificRecord record) {
    return switch (record) {
      case SessionEvent event -> event.getTurnId();
      case Assignment assignment -> assignment.getTurnId();
      case TurnSignal signal -> signal.getTurnId();
      default -> null;
    };
  }
}
