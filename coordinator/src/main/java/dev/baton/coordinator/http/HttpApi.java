package dev.baton.coordinator.http;

import dev.baton.coordinator.limits.TenantLimiter;
import dev.baton.coordinator.session.SessionLimits;
import dev.baton.coordinator.stream.TurnStreams;
import dev.baton.coordinator.telemetry.CoordinatorMeters;
import dev.baton.coordinator.telemetry.Telemetry;
import dev.baton.schemas.BatonException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.MethodNotAllowedResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's HTTP API: the health endpoints ({@code GET /health/ready}, its older name
 * {@code GET /health}, and {@code GET /health/live}) and the {@code /v1/sessions} endpoints (see
 * {@code docs/http-api.md}). Errors are {@code application/problem+json} with a stable {@code
 * code}. Handlers run on virtual threads, so a request that waits for a turn holds no platform
 * thread. The server holds at most {@link HttpOptions#maxConnections()} connections, closes one
 * idle for {@link HttpOptions#idleTimeout()}, and reads request heads up to {@link
 * HttpOptions#maxRequestHeadBytes()}.
 *
 * <pre>{@code
 * TurnWaiters waiters = new TurnWaiters();
 * try (HttpApi api = HttpApi.start("127.0.0.1", 8080, checks, service, waiters,
 *     HttpOptions.defaults(), SessionLimits.defaults())) {
 *   api.port();
 * }
 * }</pre>
 */
public final class HttpApi implements AutoCloseable {

  /**
   * Set on a response that another instance answered because it owns the session; its value is that
   * instance's address.
   */
  public static final String FORWARDED_TO_HEADER = "X-Baton-Forwarded-To";

  /** Connections the kernel may hold for the server to accept; see {@link HttpServerBounds}. */
  public static final int ACCEPT_QUEUE = HttpServerBounds.ACCEPT_QUEUE;

  private static final Logger log = LoggerFactory.getLogger(HttpApi.class);

  private final Javalin app;

  private HttpApi(Javalin app) {
    this.app = app;
  }

  /**
   * Starts an API with the health endpoints only on {@code host:port} (port 0 picks a free one).
   *
   * @param checks the components the health endpoints report
   */
  public static HttpApi start(String host, int port, HealthChecks checks) {
    Objects.requireNonNull(checks, "checks");
    return start(host, port, checks, HttpOptions.defaults(), Telemetry.none(), false, app -> {});
  }

  /**
   * Starts the full API, and the timeline page at {@code /ui/}, on {@code host:port} (port 0 picks
   * a free one).
   *
   * @param checks the components the health endpoints report
   * @param sessions the coordinator behind the session endpoints
   * @param waiters the waiting requests, which the coordinator's processor completes
   * @param options timeouts and the server's bounds
   * @param limits the session model's limits; requests over its input limit are refused early
   */
  public static HttpApi start(
      String host,
      int port,
      HealthChecks checks,
      SessionService sessions,
      TurnWaiters waiters,
      HttpOptions options,
      SessionLimits limits) {
    return start(
        host,
        port,
        checks,
        sessions,
        waiters,
        options,
        limits,
        null,
        Telemetry.none(),
        ApiAccess.open(),
        TenantLimiter.unlimited());
  }

  /**
   * Starts the full API with the turn streams ({@code GET /v1/sessions/{id}/turns/{turnId}/stream})
   * served from {@code streams}, and {@code GET /metrics}, which serves the meters of {@code
   * telemetry}; every request is timed in them and traced (a server span) to its OpenTelemetry.
   * Submits and streams are limited per tenant by {@code tenants}: a submit over its tenant's rate,
   * or a stream over its tenant's open streams, is refused with 429 and {@code Retry-After}. A
   * request another instance forwarded here was counted there, and is not counted again.
   *
   * @param streams this instance's turn streams, or null to serve none
   * @param telemetry the process's meters (if any) and where its spans go
   * @param access who may use the session endpoints
   * @param tenants the limits per tenant ({@link TenantLimiter#unlimited()} for none); the caller
   *     closes it after the API
   */
  public static HttpApi start(
      String host,
      int port,
      HealthChecks checks,
      SessionService sessions,
      TurnWaiters waiters,
      HttpOptions options,
      SessionLimits limits,
      TurnStreams streams,
      Telemetry telemetry,
      ApiAccess access,
      TenantLimiter tenants) {
    Objects.requireNonNull(checks, "checks");
    Objects.requireNonNull(access, "access");
    Objects.requireNonNull(sessions, "sessions");
    Objects.requireNonNull(waiters, "waiters");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(tenants, "tenants");
    AtomicReference<Javalin> started = new AtomicReference<>();
    SessionRoutes routes =
        new SessionRoutes(
            sessions,
            waiters,
            options,
            limits,
            streams,
            new TenantAdmission(tenants, sessions),
            () -> host + ":" + started.get().port());
    HttpApi api =
        start(
            host,
            port,
            checks,
            options,
            telemetry,
            true,
            app -> {
              access
                  .verifier()
                  .map(Authentication::new)
                  .ifPresent(auth -> app.before("/v1/*", auth::authenticate));
              routes.register(app);
            });
    started.set(api.app);
    return api;
  }

  private static HttpApi start(
      String host,
      int port,
      HealthChecks checks,
      HttpOptions options,
      Telemetry telemetry,
      boolean timeline,
      RouteSet routes) {
    CoordinatorMeters meters = telemetry.meters().orElse(null);
    HttpTracing tracing = new HttpTracing(telemetry.tracer());
    HealthEndpoint health = new HealthEndpoint(checks);
    Javalin app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              config.useVirtualThreads = true;
              // A known path with another method is a 405 with Allow, not a 404.
              config.http.prefer405over404 = true;
              // Errors that Jetty raises before a route runs are problems too, not HTML.
              options.bounds().apply(config, host, port);
              if (timeline) {
                TimelinePage.serve(config);
              }
              if (meters != null) {
                config.requestLogger.http(
                    (ctx, millis) -> timed(meters, ctx, routeOf(ctx), millis));
              }
            });
    // Before and after run on the request's thread, so the span is current while it is handled.
    app.before(tracing::before);
    app.after(ctx -> tracing.after(ctx, routeOf(ctx)));
    app.get("/health", health::ready);
    app.get("/health/ready", health::ready);
    app.get("/health/live", health::live);
    if (meters != null) {
      app.get(
          "/metrics",
          ctx -> ctx.contentType(CoordinatorMeters.CONTENT_TYPE).result(meters.scrape()));
    }
    routes.register(app);
    registerErrors(app);
    app.start();
    return new HttpApi(app);
  }

  /** Times a request under its route template; a request that matched no route is {@code other}. */
  private static void timed(CoordinatorMeters meters, Context ctx, String route, float millis) {
    meters.requestServed(
        ctx.method().name(),
        route,
        ctx.statusCode(),
        Duration.ofNanos((long) (millis * 1_000_000)));
  }

  private static String routeOf(Context ctx) {
    try {
      String route = ctx.endpointHandlerPath();
      return route == null || route.isEmpty() ? "other" : route;
    } catch (RuntimeException e) {
      return "other";
    }
  }

  @FunctionalInterface
  private interface RouteSet {
    void register(Javalin app);
  }

  private static void registerErrors(Javalin app) {
    app.exception(ProblemException.class, (e, ctx) -> e.problem().render(ctx));
    app.exception(
        InvalidStateStoreException.class,
        (e, ctx) ->
            ProblemException.notReady(
                    "the session's store cannot be queried now: " + e.getMessage())
                .problem()
                .render(ctx));
    app.exception(
        KafkaException.class,
        (e, ctx) ->
            ProblemException.notReady("the command could not be written to Kafka: " + e)
                .problem()
                .render(ctx));
    // The command's serializer asks the registry on the request thread: a registry that is down
    // or slow is a retryable failure (503), not a server error.
    app.exception(
        BatonException.class,
        (e, ctx) -> {
          if (e.isRetryable()) {
            ProblemException.notReady("a dependency failed, retry: " + e.getMessage())
                .problem()
                .render(ctx);
          } else {
            internalError(e, ctx);
          }
        });
    app.exception(
        InterruptedException.class,
        (e, ctx) -> {
          Thread.currentThread().interrupt();
          ProblemException.notReady("the request was interrupted").problem().render(ctx);
        });
    app.exception(MethodNotAllowedResponse.class, HttpApi::methodNotAllowed);
    app.exception(Exception.class, HttpApi::internalError);
    app.error(HttpStatus.NOT_FOUND, HttpApi::notFound);
  }

  private static void internalError(Exception e, Context ctx) {
    log.error("{} {} failed", ctx.method(), ctx.path(), e);
    ProblemException.of(ProblemCode.INTERNAL, "an unexpected error; see the coordinator's log")
        .problem()
        .render(ctx);
  }

  /** Javalin lists the path's methods as the one value of the exception's details. */
  private static void methodNotAllowed(MethodNotAllowedResponse e, Context ctx) {
    String allowed = String.join(", ", e.getDetails().values());
    ctx.header("Allow", allowed);
    ProblemException.of(
            ProblemCode.METHOD_NOT_ALLOWED,
            ctx.method() + " is not allowed on " + ctx.path() + "; allowed: " + allowed)
        .problem()
        .render(ctx);
  }

  /** Unknown paths get a problem too; a handler's own 404 problem is left as it is. */
  private static void notFound(Context ctx) {
    String contentType = ctx.res().getContentType();
    if (contentType == null || !contentType.startsWith(Problem.CONTENT_TYPE)) {
      ProblemException.of(
              ProblemCode.NOT_FOUND, "no resource at " + ctx.method() + " " + ctx.path())
          .problem()
          .render(ctx);
    }
  }

  /** The port the API listens on. */
  public int port() {
    return app.port();
  }

  /** The accept queue of the listening connector, as configured. */
  int acceptQueueSize() {
    return connector().getAcceptQueueSize();
  }

  /** The idle timeout of the listening connector, as configured. */
  Duration idleTimeout() {
    return Duration.ofMillis(connector().getIdleTimeout());
  }

  private ServerConnector connector() {
    return (ServerConnector) app.jettyServer().server().getConnectors()[0];
  }

  @Override
  public void close() {
    app.stop();
  }
}
