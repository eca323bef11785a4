package dev.baton.coordinator.topology.internal;

import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Carries the W3C trace context of an input record over to the records it causes. */
final class TraceHeaders {

  /** The W3C trace context headers. */
  static final List<String> NAMES = List.of("traceparent", "tracestate");

  private TraceHeaders() {}

  /** A new set of headers with the trace context headers of {@code input}. */
  static Headers of(Headers input) {
    RecordHeaders output = new RecordHeaders();
    for (String name : NAMES) {
      Header header = input.lastHeader(name);
      if (header != null) {
        output.add(header);
      }
    }
    return output;
  }
}
