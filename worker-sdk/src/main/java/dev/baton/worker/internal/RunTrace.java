package dev.baton.worker.internal;

import dev.baton.schemas.TraceContextHeaders;
import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.ToolCallAssignment;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The trace of one run of an assignment: its span, a child of the W3C context the assignment's
 * record carries (the turn's root, which the coordinator gives every record of a turn), and the
 * headers its result carries back: {@code traceparent} naming the run's span, and {@code
 * baton-turn-traceparent} handing the turn's root back so that what the coordinator decides from
 * the result stays in the turn's trace. Without a context on the record the run's span starts a
 * trace, and becomes the root the result hands back.
 */
final class RunTrace {

  /** The instrumentation scope of the worker's spans. */
  static final String SCOPE = "dev.baton.worker";

  private static final TextMapGetter<Headers> GETTER =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers headers) {
          List<String> keys = new ArrayList<>();
          headers.forEach(header -> keys.add(header.key()));
          return keys;
        }

        @Override
        public String get(Headers headers, String key) {
          Header header = headers == null ? null : headers.lastHeader(key);
          return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }
      };

  private static final TextMapSetter<Headers> SETTER =
      (headers, key, value) -> headers.add(key, value.getBytes(StandardCharsets.UTF_8));

  /** A trace of nothing, for runs without a tracer. */
  static final RunTrace NONE = new RunTrace(null, Context.root(), null, null);

  private final Tracer tracer;
  private final Context parent;
  private final byte[] turnRoot;
  private final Assignment assignment;
  private volatile Span span = Span.getInvalid();
  private volatile boolean ended;

  private RunTrace(Tracer tracer, Context parent, byte[] turnRoot, Assignment assignment) {
    this.tracer = tracer;
    this.parent = parent;
    this.turnRoot = turnRoot;
    this.assignment = assignment;
  }

  /** The trace of a run of {@code assignment}, delivered in a record with {@code headers}. */
  static RunTrace of(Tracer tracer, Headers headers, Assignment assignment) {
    Context parent =
        W3CTraceContextPropagator.getInstance().extract(Context.root(), headers, GETTER);
    Header root = TraceContextHeaders.turnRoot(headers);
    return new RunTrace(tracer, parent, root == null ? null : root.value(), assignment);
  }

  /** Starts an agent step's span, now, and makes it current until the scope is closed. */
  Scope startStep() {
    if (tracer == null) {
      return Scope.noop();
    }
    span =
        attributes(tracer.spanBuilder("baton.step"))
            .setAttribute("baton.step", assignment.getStep())
            .startSpan();
    return span.makeCurrent();
  }

  /**
   * Starts a tool call's span at {@code lockWaitFrom}, when it began to wait for the turn lock,
   * with a {@code baton.turn_lock.wait} child until {@code startedAt}, and makes it current until
   * the scope is closed.
   */
  Scope startToolCall(ToolCallAssignment call, Instant lockWaitFrom, Instant startedAt) {
    if (tracer == null) {
      return Scope.noop();
    }
    span =
        attributes(tracer.spanBuilder("baton.tool_call"))
            .setStartTimestamp(lockWaitFrom)
            .setAttribute("baton.tool.name", call.getName())
            .setAttribute("baton.tool.call_id", call.getCallId())
            .setAttribute("baton.tool.class", call.getOperationClass().name())
            .startSpan();
    tracer
        .spanBuilder("baton.turn_lock.wait")
        .setParent(parent.with(span))
        .setStartTimestamp(lockWaitFrom)
        .startSpan()
        .end(startedAt);
    return span.makeCurrent();
  }

  private SpanBuilder attributes(SpanBuilder builder) {
    return builder
        .setParent(parent)
        .setSpanKind(SpanKind.CONSUMER)
        .setAttribute("baton.session.id", assignment.getSessionId())
        .setAttribute("baton.turn.id", assignment.getTurnId())
        .setAttribute("baton.fencing_token", assignment.getFencingToken());
  }

  /** Ends the run's span now, unless it has ended. */
  void end() {
    if (!ended) {
      ended = true;
      span.end();
    }
  }

  /** Ends the run's span at {@code at}, unless it has ended. */
  void endAt(Instant at) {
    if (!ended) {
      ended = true;
      span.end(at);
    }
  }

  /** The headers of the run's result: its span's context and the turn's root. */
  Headers resultHeaders() {
    RecordHeaders headers = new RecordHeaders();
    Context context = span.getSpanContext().isValid() ? parent.with(span) : parent;
    W3CTraceContextPropagator.getInstance().inject(context, headers, SETTER);
    byte[] root = turnRoot;
    if (root == null && headers.lastHeader(TraceContextHeaders.TRACEPARENT) != null) {
      root = headers.lastHeader(TraceContextHeaders.TRACEPARENT).value();
    }
    if (root != null) {
      headers.add(new RecordHeader(TraceContextHeaders.TURN_TRACEPARENT, root));
    }
    return headers;
  }
}
