package dev.baton.coordinator.http;

import io.javalin.http.Context;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.List;

/**
 * A server span for each API request, continuing the client's W3C {@code traceparent} if it sent
 * one, and current while the request is handled: a command it writes to Kafka carries the span's
 * context in its headers, so the turn's records, its workers' steps and tool calls join the trace.
 * Health and metrics requests are not traced.
 */
final class HttpTracing {

  private static final String SPAN = "baton.trace.span";
  private static final String SCOPE = "baton.trace.scope";

  private static final TextMapGetter<Context> HEADERS =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Context ctx) {
          return ctx.headerMap().keySet();
        }

        @Override
        public String get(Context ctx, String key) {
          return ctx == null ? null : ctx.header(key);
        }
      };

  /** The paths not traced: probes and scrapes. */
  private static final List<String> UNTRACED = List.of("/health", "/metrics");

  private final Tracer tracer;

  HttpTracing(Tracer tracer) {
    this.tracer = tracer;
  }

  /** Starts the request's span and makes it current. */
  void before(Context ctx) {
    if (!traced(ctx.path())) {
      return;
    }
    io.opentelemetry.context.Context parent =
        W3CTraceContextPropagator.getInstance()
            .extract(io.opentelemetry.context.Context.root(), ctx, HEADERS);
    Span span =
        tracer
            .spanBuilder(ctx.method().name())
            .setParent(parent)
            .setSpanKind(SpanKind.SERVER)
            .setAttribute("http.request.method", ctx.method().name())
            .setAttribute("url.path", ctx.path())
            .startSpan();
    ctx.attribute(SPAN, span);
    ctx.attribute(SCOPE, span.storeInContext(parent).makeCurrent());
  }

  /** Names the span after its route, records the status and ends it. */
  void after(Context ctx, String route) {
    Span span = ctx.attribute(SPAN);
    Scope scope = ctx.attribute(SCOPE);
    if (span == null) {
      return;
    }
    int status = ctx.statusCode();
    span.updateName(ctx.method().name() + " " + route);
    span.setAttribute("http.route", route);
    span.setAttribute("http.response.status_code", status);
    if (status >= 500) {
      span.setStatus(StatusCode.ERROR);
    }
    if (scope != null) {
      scope.close();
    }
    span.end();
  }

  private static boolean traced(String path) {
    return UNTRACED.stream().noneMatch(path::startsWith);
  }
}
