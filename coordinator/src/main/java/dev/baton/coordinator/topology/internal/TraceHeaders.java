package dev.baton.coordinator.topology.internal;

import dev.baton.schemas.TraceContextHeaders;
import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.SessionEvent;
import dev.baton.schemas.avro.TurnAccepted;
import dev.baton.schemas.avro.TurnCancelled;
import dev.baton.schemas.avro.TurnFailed;
import dev.baton.schemas.avro.TurnQueued;
import dev.baton.schemas.avro.TurnSignal;
import dev.baton.schemas.avro.TurnStarted;
import dev.baton.schemas.avro.TurnTimedOut;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
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
 * <p>A turn that is queued keeps its submit's context ({@link QueuedTraces}) until it starts from
 * the queue, decided from a record of another turn; its records then carry that context. A queued
 * turn submitted without one starts a new trace with its first worker, which its later records
 * carry.
 */
final class TraceHeaders {

  /** The name of the traceparent header. */
  static final String TRACEPARENT = TraceContextHeaders.TRACEPARENT;

  /** The name of the tracestate header. */
  static final String TRACESTATE = TraceContextHeaders.TRACESTATE;

  /** The name of the header of the turn's root context. */
  static final String TURN_ROOT = TraceContextHeaders.TURN_TRACEPARENT;

  private final QueuedTraces.Context decision;
  private final Set<String> startedFromQueue;
  private final Map<String, QueuedTraces.Context> queuedContexts;

  private TraceHeaders(
      QueuedTraces.Context decision,
      Set<String> startedFromQueue,
      Map<String, QueuedTraces.Context> queuedContexts) {
    this.decision = decision;
    this.startedFromQueue = startedFromQueue;
    this.queuedContexts = queuedContexts;
  }

  /**
   * The trace context of the decision made from {@code input}, whose events are among {@code
   * effects}; the contexts of the turns it queues are kept in {@code queued}, and those of the
   * turns it starts from the queue, or ends there, taken from it.
   */
  static TraceHeaders of(InputRecord input, Iterable<Effect> effects, QueuedTraces queued) {
    Headers headers = input.headers();
    QueuedTraces.Context decision =
        new QueuedTraces.Context(
            TraceContextHeaders.turnRoot(headers), headers.lastHeader(TRACESTATE));
    Set<String> accepted = new HashSet<>();
    Set<String> started = new HashSet<>();
    Map<String, QueuedTraces.Context> fromQueue = new HashMap<>();
    for (Effect effect : effects) {
      if (effect instanceof Effect.Emit emit) {
        SessionEvent event = emit.event();
        Object body = event.getBody();
        if (body instanceof TurnAccepted) {
          accepted.add(event.getTurnId());
        } else if (body instanceof TurnStarted) {
          started.add(event.getTurnId());
        } else if (body instanceof TurnQueued && decision.root() != null) {
          queued.remember(event.getSessionId(), event.getTurnId(), decision);
        } else if (endsAQueuedTurn(body)) {
          queued.take(event.getSessionId(), event.getTurnId());
        }
      }
    }
    started.removeAll(accepted);
    for (Effect effect : effects) {
      if (effect instanceof Effect.Emit emit
          && emit.event().getBody() instanceof TurnStarted
          && started.contains(emit.event().getTurnId())) {
        SessionEvent event = emit.event();
        queued
            .take(event.getSessionId(), event.getTurnId())
            .ifPresent(context -> fromQueue.put(event.getTurnId(), context));
      }
    }
    return new TraceHeaders(decision, started, fromQueue);
  }

  /** Whether {@code body} can end a turn that is still queued: then its context is dropped. */
  private static boolean endsAQueuedTurn(Object body) {
    return body instanceof TurnCancelled
        || body instanceof TurnFailed
        || body instanceof TurnTimedOut;
  }

  /** New headers for {@code record}: the turn's context, or none. */
  Headers forRecord(SpecificRecord record) {
    String turnId = turnIdOf(record);
    QueuedTraces.Context context =
        startedFromQueue.contains(turnId) ? queuedContexts.get(turnId) : decision;
    RecordHeaders output = new RecordHeaders();
    if (context == null || context.root() == null) {
      return output;
    }
    output.add(new RecordHeader(TRACEPARENT, context.root().value()));
    output.add(new RecordHeader(TURN_ROOT, context.root().value()));
    if (context.state() != null) {
      output.add(new RecordHeader(TRACESTATE, context.state().value()));
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
