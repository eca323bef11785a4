package dev.baton.cli;

import dev.baton.cli.config.SettingTypes;
import dev.baton.cli.config.Settings;
import dev.baton.coordinator.http.HttpOptions;
import dev.baton.coordinator.http.HttpServerBounds;
import java.time.Duration;
import java.util.function.BiFunction;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The bounds of an HTTP server of Baton's (a coordinator's API, a worker gateway's): open
 * connections, the idle timeout and the size of a request's head.
 */
final class HttpServerOptions {

  static final String IDLE_TIMEOUT_FLAG = "--http-idle-timeout-ms";

  @Option(
      names = "--http-max-connections",
      converter = SettingTypes.PositiveInt.class,
      description =
          "Connections the HTTP server holds open at once (each stream or waiting poll holds one);"
              + " further clients wait in the accept queue until one closes.")
  int maxConnections = HttpOptions.DEFAULT_MAX_CONNECTIONS;

  @Option(
      names = IDLE_TIMEOUT_FLAG,
      converter = SettingTypes.PositiveLong.class,
      description =
          "How long a connection may go without a byte either way before the server closes it;"
              + " longer than a coordinator's --stream-heartbeat-ms (a request waiting with ?wait is"
              + " not cut) or a gateway's --max-poll-wait-ms.")
  long idleTimeoutMs = HttpOptions.DEFAULT_IDLE_TIMEOUT.toMillis();

  @Option(
      names = "--http-max-header-bytes",
      converter = SettingTypes.RequestHeadBytes.class,
      description =
          "The largest request line plus headers; a longer request line is answered 414, longer"
              + " headers 431.")
  int maxHeaderBytes = HttpOptions.DEFAULT_MAX_REQUEST_HEAD_BYTES;

  /**
   * These bounds, once the idle timeout is checked to be longer than the longest quiet time of a
   * connection the server keeps, {@code quietFlag}'s {@code quietMs} (a stream's heartbeat, a
   * poll's longest wait); if not, stops {@code command} naming both settings and {@code rule} (of
   * the idle timeout and the quiet time) in words.
   */
  HttpServerBounds bounds(
      CommandSpec command,
      String quietFlag,
      long quietMs,
      BiFunction<Duration, Duration, String> rule) {
    if (idleTimeoutMs <= quietMs) {
      throw Settings.conflict(
          command,
          IDLE_TIMEOUT_FLAG,
          quietFlag,
          rule.apply(Duration.ofMillis(idleTimeoutMs), Duration.ofMillis(quietMs)));
    }
    return new HttpServerBounds(maxConnections, Duration.ofMillis(idleTimeoutMs), maxHeaderBytes);
  }
}
