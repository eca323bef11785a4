package dev.baton.bench.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in for an OpenTelemetry collector in the benchmark's JVM: an OTLP/HTTP endpoint that
 * reads each export request whole, counts its requests, bytes and spans by sender (the coordinator
 * or the workers, told apart by the path they post to), answers {@code 200} and discards it.
 */
final class OtlpSink implements AutoCloseable {

  /** The path prefix of the workers' exports; the coordinator posts to {@code /v1/traces}. */
  static final String WORKERS_PREFIX = "/workers";

  /**
   * What one sender's exports amounted to.
   *
   * @param requests export requests
   * @param bytes their bodies' bytes
   * @param spans the spans in them
   * @param unreadable bodies that were not an export request in protobuf's wire format
   */
  record Received(long requests, long bytes, long spans, long unreadable) {

    /** Nothing: a deployment that exported nowhere. */
    static final Received NONE = new Received(0, 0, 0, 0);
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final Tally coordinator = new Tally();
  private final Tally workers = new Tally();

  private OtlpSink(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** A sink listening on a free port of the loopback address. */
  static OtlpSink start() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    ExecutorService executor =
        Executors.newSingleThreadExecutor(Thread.ofPlatform().name("bench-otlp-sink").factory());
    OtlpSink sink = new OtlpSink(server, executor);
    server.createContext("/", sink::handle);
    server.setExecutor(executor);
    server.start();
    return sink;
  }

  /** The base address for {@code OTEL_EXPORTER_OTLP_ENDPOINT}, which appends {@code /v1/traces}. */
  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The full traces address of the workers' span exporter. */
  String workersTracesEndpoint() {
    return endpoint() + WORKERS_PREFIX + "/v1/traces";
  }

  /** What the coordinator exported so far. */
  Received coordinator() {
    return coordinator.received();
  }

  /** What the workers exported so far. */
  Received workers() {
    return workers.received();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange;
        InputStream body = exchange.getRequestBody()) {
      byte[] request = body.readAllBytes();
      Tally tally =
          exchange.getRequestURI().getPath().startsWith(WORKERS_PREFIX) ? workers : coordinator;
      tally.add(request);
      exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, -1);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  /** One sender's counts. */
  private static final class Tally {
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong spans = new AtomicLong();
    private final AtomicLong unreadable = new AtomicLong();

    void add(byte[] request) {
      requests.incrementAndGet();
      bytes.addAndGet(request.length);
      try {
        spans.addAndGet(OtlpSpanCount.of(request));
      } catch (IllegalArgumentException e) {
        unreadable.incrementAndGet();
      }
    }

    Received received() {
      return new Received(requests.get(), bytes.get(), spans.get(), unreadable.get());
    }
  }
}
