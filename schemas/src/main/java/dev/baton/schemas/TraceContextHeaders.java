package dev.baton.schemas;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The record headers that carry a turn's W3C trace context between the coordinator and its workers
 * (see {@code docs/topics.md}, "Record headers"): {@code traceparent} names the span a record's
 * reader continues, and {@value #TURN_TRACEPARENT} the turn's root, which a worker's result hands
 * back so that what the coordinator decides from it stays in the turn's trace.
 */
public final class TraceContextHeaders {

  /** The W3C trace context header. */
  public static final String TRACEPARENT = "traceparent";

  /** The W3C trace state header. */
  public static final String TRACESTATE = "tracestate";

  /** The turn's root context, in the {@code traceparent} format. */
  public static final String TURN_TRACEPARENT = "baton-turn-traceparent";

  private TraceContextHeaders() {}

  /**
   * The turn's root context a record carries: its {@value #TURN_TRACEPARENT}, else its {@code
   * traceparent} (a record that names no root is the root's own); null if it has neither.
   */
  public static Header turnRoot(Headers headers) {
    Header root = headers.lastHeader(TURN_TRACEPARENT);
    return root != null ? root : headers.lastHeader(TRACEPARENT);
  }
}
