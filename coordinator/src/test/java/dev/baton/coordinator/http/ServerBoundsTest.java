package dev.baton.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.coordinator.session.SessionLimits;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The HTTP server's bounds from {@link HttpOptions}: open connections, the idle timeout (longer
 * than the stream heartbeat) and the size of a request's head.
 */
class ServerBoundsTest {

  private static final Pattern CONTENT_LENGTH =
      Pattern.compile("(?i)\r\ncontent-length:\\s*(\\d+)");

  @AutoClose private final Closing closing = new Closing();

  @Test
  void shouldServeAConnectionOverTheLimitOnlyOnceAnotherCloses() throws IOException {
    HttpApi api = start(HttpOptions.builder().maxConnections(2).build());
    Socket first = keepAlive(api.port());
    keepAlive(api.port());

    Socket third = connect(api.port());
    send(third);
    third.setSoTimeout(500);
    assertThatThrownBy(() -> third.getInputStream().read())
        .as("no answer while two connections are open")
        .isInstanceOf(SocketTimeoutException.class);

    first.close();
    third.setSoTimeout(10_000);
    assertThat(readResponse(third.getInputStream())).startsWith("HTTP/1.1 200");
  }

  @Test
  void shouldCloseAConnectionThatStaysIdleForTheIdleTimeout() throws IOException {
    HttpApi api =
        start(
            HttpOptions.builder()
                .streamHeartbeat(Duration.ofMillis(200))
                .idleTimeout(Duration.ofMillis(500))
                .build());
    Socket socket = keepAlive(api.port());
    socket.setSoTimeout(10_000);
    long start = System.nanoTime();

    int read = socket.getInputStream().read();

    assertThat(read).as("the server closed the connection").isEqualTo(-1);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(300));
    assertThat(api.idleTimeout()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void shouldRefuseHeadersOverTheConfiguredSizeWith431() {
    HttpApi api = start(HttpOptions.builder().maxRequestHeadBytes(2048).build());

    RawHttp.Response small =
        RawHttp.send(
            api.port(), "GET /health/live HTTP/1.1\r\nHost: x\r\nX-A: " + "a".repeat(1500));
    RawHttp.Response large =
        RawHttp.send(
            api.port(), "GET /health/live HTTP/1.1\r\nHost: x\r\nX-A: " + "a".repeat(3000));

    assertThat(small.status()).isEqualTo(200);
    assertThat(large.status()).isEqualTo(431);
    assertThat(large.utf8Body()).contains("HEADERS_TOO_LARGE", "2048 bytes");
  }

  @Test
  void shouldRequireAnIdleTimeoutLongerThanTheStreamHeartbeat() {
    assertThatThrownBy(
            () ->
                HttpOptions.builder()
                    .streamHeartbeat(Duration.ofSeconds(30))
                    .idleTimeout(Duration.ofSeconds(30))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("idle timeout (30000 ms) must be longer than the stream heartbeat");
    assertThatThrownBy(() -> HttpOptions.builder().streamHeartbeat(Duration.ofSeconds(45)).build())
        .hasMessageContaining("stream heartbeat (45000 ms)");
    assertThat(
            HttpOptions.builder()
                .streamHeartbeat(Duration.ofSeconds(45))
                .idleTimeout(Duration.ofSeconds(60))
                .build()
                .idleTimeout())
        .isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void shouldRefuseBoundsOutsideTheirRange() {
    assertThatThrownBy(() -> HttpOptions.builder().maxConnections(0))
        .hasMessageContaining("maxConnections must be positive");
    assertThatThrownBy(() -> HttpOptions.builder().maxRequestHeadBytes(1023))
        .hasMessageContaining("from 1024 to 65536");
    assertThatThrownBy(() -> HttpOptions.builder().maxRequestHeadBytes(64 * 1024 + 1))
        .hasMessageContaining("from 1024 to 65536");
    assertThatThrownBy(() -> HttpOptions.builder().idleTimeout(Duration.ZERO))
        .hasMessageContaining("idleTimeout must be positive");
  }

  private HttpApi start(HttpOptions options) {
    InMemoryApi api = InMemoryApi.start(SessionLimits.defaults(), options);
    closing.add(api);
    return api.api();
  }

  /** A connection that has been served one request and is kept open. */
  private Socket keepAlive(int port) throws IOException {
    Socket socket = connect(port);
    send(socket);
    socket.setSoTimeout(10_000);
    assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 200");
    return socket;
  }

  private Socket connect(int port) throws IOException {
    Socket socket = new Socket();
    closing.add(socket);
    socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
    return socket;
  }

  private static void send(Socket socket) throws IOException {
    socket
        .getOutputStream()
        .write("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
  }

  /** The status line and headers of a response, whose body (of its Content-Length) is read. */
  private static String readResponse(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.append((char) b);
    }
    Matcher length = CONTENT_LENGTH.matcher(head);
    if (length.find()) {
      in.readNBytes(Integer.parseInt(length.group(1)));
    }
    return head.toString();
  }
}
