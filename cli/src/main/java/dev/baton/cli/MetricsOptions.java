package dev.baton.cli;

import dev.baton.cli.config.SettingTypes;
import dev.baton.worker.Worker;
import picocli.CommandLine.Option;

/**
 * {@code --metrics-port} and {@code --metrics-host}: where a worker process serves its meters
 * ({@code GET /metrics}, Prometheus text); port 0, the default, serves none.
 */
final class MetricsOptions {

  /** The port that turns the endpoint off. */
  static final int OFF = 0;

  /** The default interface: every one. */
  static final String DEFAULT_HOST = "0.0.0.0";

  @Option(
      names = "--metrics-port",
      converter = SettingTypes.Port.class,
      description =
          "Port on which GET /metrics serves the worker's meters in the Prometheus text format;"
              + " 0 serves none.")
  int port = OFF;

  @Option(
      names = "--metrics-host",
      converter = SettingTypes.Text.class,
      description = "Interface the metrics endpoint listens on.")
  String host = DEFAULT_HOST;

  /**
   * Unless the port is 0, starts serving the meters of the worker {@code builder} builds, and stops
   * at shutdown after the worker (resources close in reverse order).
   */
  void serve(Worker.Builder builder, UntilShutdown shutdown) {
    if (port != OFF) {
      WorkerMetricsServer server = shutdown.closeAtShutdown(WorkerMetricsServer.start(host, port));
      builder.meterRegistry(server.registry());
    }
  }
}
