package dev.baton.cli;

import dev.baton.cli.config.SettingTypes;
import dev.baton.cli.config.Settings;
import dev.baton.coordinator.http.HttpOptions;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The bounds of a coordinator's HTTP server: open connections, the idle timeout, the size of a
 * request's head and the longest {@code ?wait}.
 */
final class HttpServerOptions {

  static final String IDLE_TIMEOUT_FLAG = "--http-idle-timeout-ms";

  @Option(
      names = "--http-max-connections",
      converter = SettingTypes.PositiveInt.class,
      description =
          "Connections the HTTP server holds open at once (each stream holds one); further clients"
              + " wait in the accept queue until one closes.")
  int maxConnections = HttpOptions.DEFAULT_MAX_CONNECTIONS;

  @Option(
      names = IDLE_TIMEOUT_FLAG,
      converter = SettingTypes.PositiveLong.class,
      description =
          "How long a connection may go without a byte either way before the server closes it (a"
              + " request waiting with ?wait is not cut); longer than --stream-heartbeat-ms.")
  long idleTimeoutMs = HttpOptions.DEFAULT_IDLE_TIMEOUT.toMillis();

  @Option(
      names = "--http-max-header-bytes",
      converter = SettingTypes.RequestHeadBytes.class,
      description =
          "The largest request line plus headers; a longer request line is answered 414, longer"
              + " headers 431.")
  int maxHeaderBytes = HttpOptions.DEFAULT_MAX_REQUEST_HEAD_BYTES;

  @Option(
      names = "--http-max-wait-ms",
      converter = SettingTypes.PositiveLong.class,
      description = "The longest ?wait a request is given; a longer one is cut to it.")
  long maxWaitMs = HttpOptions.DEFAULT_MAX_WAIT.toMillis();

  /**
   * Sets these bounds on {@code http}, once the idle timeout is checked to be longer than the
   * stream heartbeat of {@code heartbeatFlag}; if not, stops {@code command} naming both settings.
   */
  HttpOptions.Builder applyTo(
      CommandSpec command, HttpOptions.Builder http, String heartbeatFlag, long heartbeatMs) {
    if (idleTimeoutMs <= heartbeatMs) {
      throw Settings.conflict(
          command,
          IDLE_TIMEOUT_FLAG,
          heartbeatFlag,
          HttpOptions.idleTimeoutRule(
              Duration.ofMillis(idleTimeoutMs), Duration.ofMillis(heartbeatMs)));
    }
    return http.maxConnections(maxConnections)
        .idleTimeout(Duration.ofMillis(idleTimeoutMs))
        .maxRequestHeadBytes(maxHeaderBytes)
        .maxWait(Duration.ofMillis(maxWaitMs));
  }
}
