package dev.baton.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker process's meters in a Prometheus registry, with the JVM's, served in Prometheus' text
 * format at {@code GET /metrics} by the JDK's HTTP server.
 */
final class WorkerMetricsServer implements AutoCloseable {

  /** The path the meters are served at. */
  static final String PATH = "/metrics";

  private static final Logger log = LoggerFactory.getLogger(WorkerMetricsServer.class);
  private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final HttpServer server;

  private WorkerMetricsServer(PrometheusMeterRegistry registry, HttpServer server) {
    this.registry = registry;
    this.server = server;
  }

  /** Binds {@code host:port} and serves the meters on a daemon thread. */
  static WorkerMetricsServer start(String host, int port) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot serve worker metrics on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    WorkerMetricsServer metrics = new WorkerMetricsServer(registry, server);
    List<MeterBinder> binders =
        List.of(new JvmMemoryMetrics(), new JvmThreadMetrics(), new ProcessorMetrics(), metrics.gc);
    binders.forEach(binder -> binder.bindTo(registry));
    server.createContext(PATH, metrics::serve);
    server.start();
    log.info("Worker metrics on http://{}:{}{}", host, server.getAddress().getPort(), PATH);
    return metrics;
  }

  /** The registry to give the worker. */
  MeterRegistry registry() {
    return registry;
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("GET")
          || !exchange.getRequestURI().getPath().equals(PATH)) {
        exchange.sendResponseHeaders(exchange.getRequestMethod().equals("GET") ? 404 : 405, -1);
        return;
      }
      byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** Stops serving and closes the registry. */
  @Override
  public void close() {
    server.stop(0);
    gc.close();
    registry.close();
  }
}
