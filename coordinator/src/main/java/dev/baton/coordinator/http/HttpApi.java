package dev.baton.coordinator.http;

import io.javalin.Javalin;
import java.util.Map;
import java.util.Objects;

/**
 * The coordinator's HTTP API.
 *
 * <p>{@code try (HttpApi api = HttpApi.start("127.0.0.1", 8080, checks)) { api.port(); }}
 */
public final class HttpApi implements AutoCloseable {

  private final Javalin app;

  private HttpApi(Javalin app) {
    this.app = app;
  }

  /**
   * Starts the API on {@code host:port} (port 0 picks a free one).
   *
   * @param checks the components {@code GET /health} reports, by name
   */
  public static HttpApi start(String host, int port, Map<String, HealthCheck> checks) {
    Objects.requireNonNull(checks, "checks");
    HealthEndpoint health = new HealthEndpoint(checks);
    Javalin app =
        Javalin.create(config -> config.showJavalinBanner = false).get("/health", health::handle);
    app.start(host, port);
    return new HttpApi(app);
  }

  /** The port the API listens on. */
  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
  }
}
