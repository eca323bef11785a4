package dev.baton.coordinator.http;

import io.javalin.config.JavalinConfig;
import java.time.Duration;
import java.util.Objects;
import org.eclipse.jetty.server.ConnectionLimit;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The bounds of one of Baton's HTTP servers (a coordinator's API, a worker gateway's), so that slow
 * or many clients cannot exhaust it: the open connections, the idle timeout and the size of a
 * request's head. Errors Jetty raises before a route runs (a head over the limit, an unparsable
 * request) are answered as problems.
 *
 * <pre>{@code
 * Javalin.create(config -> HttpServerBounds.DEFAULTS.apply(config, "0.0.0.0", 8080));
 * }</pre>
 *
 * @param maxConnections connections held open at once; further clients wait in the accept queue
 * @param idleTimeout how long a connection may go without a byte either way before it is closed
 * @param maxRequestHeadBytes the largest request line plus headers (414 or 431 beyond)
 */
public record HttpServerBounds(int maxConnections, Duration idleTimeout, int maxRequestHeadBytes) {

  /**
   * Connections the kernel may hold for the server to accept: a thousand clients that connect at
   * once are accepted, not reset (the JVM's default backlog is 50; the kernel caps it at {@code
   * net.core.somaxconn}).
   */
  public static final int ACCEPT_QUEUE = 4096;

  /** The default bounds. */
  public static final HttpServerBounds DEFAULTS =
      new HttpServerBounds(
          HttpOptions.DEFAULT_MAX_CONNECTIONS,
          HttpOptions.DEFAULT_IDLE_TIMEOUT,
          HttpOptions.DEFAULT_MAX_REQUEST_HEAD_BYTES);

  /** Checks the bounds as {@link HttpOptions.Builder} does. */
  public HttpServerBounds {
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    HttpOptions.builder()
        .maxConnections(maxConnections)
        .idleTimeout(idleTimeout)
        .maxRequestHeadBytes(maxRequestHeadBytes);
  }

  /**
   * The rule between the idle timeout and the longest a connection the server keeps may be quiet,
   * in words: the idle timeout must be longer than {@code quiet} (such as "the stream heartbeat"),
   * {@code quietTime}, or {@code otherwise} happens.
   */
  public static String idleTimeoutRule(
      Duration idleTimeout, String quiet, Duration quietTime, String otherwise) {
    return "the idle timeout ("
        + idleTimeout.toMillis()
        + " ms) must be longer than "
        + quiet
        + " ("
        + quietTime.toMillis()
        + " ms), or "
        + otherwise;
  }

  /**
   * Makes {@code config}'s server listen on {@code host}:{@code port} within these bounds: at most
   * {@link #maxConnections()} connections, each closed after {@link #idleTimeout()} without a byte,
   * request heads of at most {@link #maxRequestHeadBytes()}.
   */
  public void apply(JavalinConfig config, String host, int port) {
    config.jetty.modifyHttpConfiguration(http -> http.setRequestHeaderSize(maxRequestHeadBytes));
    ProblemErrorHandler errors = new ProblemErrorHandler(maxRequestHeadBytes);
    config.jetty.modifyServer(server -> server.setErrorHandler(errors));
    config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(errors));
    config.jetty.addConnector((server, http) -> connector(server, http, host, port));
  }

  /**
   * The listening connector: its idle timeout, and a connection limit that stops accepting while
   * the limit's connections are open (the kernel's accept queue holds the clients that wait).
   */
  private ServerConnector connector(Server server, HttpConfiguration http, String host, int port) {
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(host);
    connector.setPort(port);
    connector.setAcceptQueueSize(ACCEPT_QUEUE);
    connector.setIdleTimeout(idleTimeout.toMillis());
    server.addBean(new ConnectionLimit(maxConnections, connector));
    return connector;
  }
}
