package dev.baton.cli.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.cli.gateway.GatewayOptions;
import dev.baton.coordinator.http.HttpServerBounds;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The gateway's HTTP server keeps the bounds it is given, as a coordinator's does. */
class GatewayServerTest {

  private static final HttpServerBounds SMALL =
      new HttpServerBounds(10, Duration.ofMillis(800), 2048);

  @Test
  void shouldRefuseHeadersOverItsLimitWithAProblem() throws Exception {
    try (GatewayServer server = start()) {
      HttpResponse<String> small = health(server, "a".repeat(1500));
      HttpResponse<String> large = health(server, "a".repeat(3000));

      assertThat(small.statusCode()).isEqualTo(200);
      assertThat(large.statusCode()).isEqualTo(431);
      assertThat(large.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
      assertThat(large.body()).contains("HEADERS_TOO_LARGE", "2048 bytes");
    }
  }

  @Test
  void shouldCloseAConnectionIdleForItsTimeout() throws IOException {
    try (GatewayServer server = start();
        Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 10_000);
      socket.setSoTimeout(10_000);
      long start = System.nanoTime();

      int read = socket.getInputStream().read();

      assertThat(read).as("the server closed the idle connection").isEqualTo(-1);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(500));
    }
  }

  private static GatewayServer start() {
    return GatewayServer.start(
        GatewayOptions.builder()
            .host("127.0.0.1")
            .port(0)
            .maxPollWait(Duration.ofMillis(500))
            .server(SMALL)
            .build());
  }

  private static HttpResponse<String> health(GatewayServer server, String header)
      throws IOException, InterruptedException {
    try (HttpClient client = HttpClient.newHttpClient()) {
      return client.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health"))
              .header("X-A", header)
              .build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
  }
}
