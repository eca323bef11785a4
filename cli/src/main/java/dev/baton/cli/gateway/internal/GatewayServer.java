package dev.baton.cli.gateway.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.cli.gateway.GatewayOptions;
import io.javalin.Javalin;
import io.javalin.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The gateway's HTTP server, within its bounds, and the SDK handlers that feed it. */
public final class GatewayServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(GatewayServer.class);

  private final Javalin app;
  private final RemoteHandlers handlers;

  private GatewayServer(Javalin app, RemoteHandlers handlers) {
    this.app = app;
    this.handlers = handlers;
  }

  /** Starts the HTTP server of {@code options}. */
  public static GatewayServer start(GatewayOptions options) {
    ObjectMapper json = new ObjectMapper();
    Deliveries deliveries = new Deliveries();
    DeliveryJson deliveryJson = new DeliveryJson(json);
    Javalin app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              config.useVirtualThreads = true;
              options.server().apply(config, options.host(), options.port());
            });
    new GatewayRoutes(deliveries, deliveryJson, json, options).register(app);
    app.exception(GatewayProblem.class, (e, ctx) -> e.render(ctx, json));
    app.exception(
        Exception.class,
        (e, ctx) -> {
          log.error("{} {} failed", ctx.method(), ctx.path(), e);
          GatewayProblem.of(
                  GatewayProblem.Code.INTERNAL, "an unexpected error; see the gateway's log")
              .render(ctx, json);
        });
    app.error(
        HttpStatus.NOT_FOUND,
        ctx -> {
          String type = ctx.res().getContentType();
          if (type == null || !type.startsWith(GatewayProblem.CONTENT_TYPE)) {
            GatewayProblem.of(GatewayProblem.Code.NOT_FOUND, "no resource at " + ctx.path())
                .render(ctx, json);
          }
        });
    app.start();
    return new GatewayServer(
        app, new RemoteHandlers(deliveryJson, new RemoteRun(deliveries, options)));
  }

  /** The SDK handlers that hand work to this server's remote workers. */
  public RemoteHandlers handlers() {
    return handlers;
  }

  /** The port the server listens on. */
  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
  }
}
