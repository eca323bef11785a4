package dev.baton.cli.acceptance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * A test's client of one server-sent event stream: {@link #next()} reads the next event (comments
 * such as heartbeats are skipped), {@link #close()} disconnects at any point.
 *
 * <pre>{@code
 * try (SseStream stream = SseStream.open(port, "/v1/sessions/s/turns/t/stream", null)) {
 *   for (Optional<SseStream.Event> e = stream.next(); e.isPresent(); e = stream.next()) { ... }
 * }
 * }</pre>
 */
public final class SseStream implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  /** One event: its id, type and data. */
  public record Event(String id, String type, JsonNode data) {}

  private final int status;
  private final InputStream body;
  private final BufferedReader lines;
  private final String contentType;

  private SseStream(HttpResponse<InputStream> response) {
    this.status = response.statusCode();
    this.body = response.body();
    this.contentType = response.headers().firstValue("Content-Type").orElse("");
    this.lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
  }

  /** Opens {@code path} on {@code 127.0.0.1:port}, with {@code lastEventId} if not null. */
  public static SseStream open(int port, String path, String lastEventId) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Accept", "text/event-stream")
            .GET();
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    return send(request);
  }

  private static SseStream send(HttpRequest.Builder request) {
    try {
      return new SseStream(CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The response's status. */
  public int status() {
    return status;
  }

  /** The response's content type. */
  public String contentType() {
    return contentType;
  }

  /** The whole body, for a response that is not a stream (a problem). */
  public JsonNode problem() throws IOException {
    return JSON.readTree(body.readAllBytes());
  }

  /** The next event, or empty when the stream has ended. */
  public Optional<Event> next() throws IOException {
    String id = null;
    String type = "message";
    StringBuilder data = null;
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      if (line.isEmpty()) {
        if (data != null) {
          return Optional.of(new Event(id, type, JSON.readTree(data.toString())));
        }
        id = null;
        type = "message";
      } else if (line.startsWith("id: ")) {
        id = line.substring(4);
      } else if (line.startsWith("event: ")) {
        type = line.substring(7);
      } else if (line.startsWith("data: ")) {
        data = (data == null ? new StringBuilder() : data.append('\n')).append(line.substring(6));
      }
    }
    return Optional.empty();
  }

  /** Disconnects. */
  @Override
  public void close() {
    try {
      body.close();
    } catch (IOException e) {
      // already gone
    }
  }
}
