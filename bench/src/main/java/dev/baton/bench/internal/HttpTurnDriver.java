package dev.baton.bench.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.schemas.avro.OnBusy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Drives turns through the coordinator's HTTP API, the way a user does: each turn is one {@code
 * POST /v1/sessions/{id}/turns?wait=30} on the JDK's HTTP/1.1 client, and it ends when the answer
 * is back: {@code 200} with status {@code COMPLETED} completes it, any other answer or a failed
 * request is an error named after it. Requests are asynchronous; the client's pool opens a
 * connection per request in flight and keeps them alive, so N sessions use N connections. Its
 * threads (the selector and a small executor that also runs the callbacks) are named, so that
 * {@link #cpu()} measures what the client costs. With {@link TurnTimes}, each turn's request marks
 * {@link TurnPoint#SENT} and its answer {@link TurnPoint#TERMINAL_SEEN}.
 */
public final class HttpTurnDriver implements TurnSubmitter, AutoCloseable {

  /** How long each request waits for its turn to end ({@code ?wait=}). */
  public static final Duration WAIT = Duration.ofSeconds(30);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final NamedHttpClient client;
  private final String token;
  private final TurnTimes times;

  /** A driver of the coordinator whose HTTP API answers at {@code base} (http://host:port). */
  public HttpTurnDriver(URI base, int threads) {
    this(base, threads, null);
  }

  /** As {@link #HttpTurnDriver(URI, int)}, sending {@code token} as its bearer (null: none). */
  public HttpTurnDriver(URI base, int threads, String token) {
    this(base, threads, token, TurnTimes.NONE);
  }

  /** As above, marking each turn's request and answer in {@code times}. */
  public HttpTurnDriver(URI base, int threads, String token, TurnTimes times) {
    this.base = base;
    this.client = new NamedHttpClient("bench-http-", threads, Duration.ofSeconds(10));
    this.token = token;
    this.times = times;
  }

  /** The CPU time of the client's threads: its executor's and its selector's. */
  public ThreadCpu cpu() {
    return client.cpu();
  }

  @Override
  public void submit(
      String sessionId,
      String turnId,
      String input,
      OnBusy onBusy,
      long startNanos,
      Consumer<Outcome> then) {
    ObjectNode body =
        JSON.createObjectNode()
            .put("turnId", turnId)
            .put("input", input)
            .put("onBusy", onBusy.name().toLowerCase(Locale.ROOT));
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(turnsUri(sessionId))
            .timeout(WAIT.plusSeconds(15))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    HttpRequest request = builder.build();
    times.markNow(turnId, TurnPoint.SENT);
    client
        .http()
        .sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .whenComplete(
            (response, error) -> {
              times.markNow(turnId, TurnPoint.TERMINAL_SEEN);
              then.accept(
                  new Outcome(
                      sessionId,
                      turnId,
                      startNanos,
                      System.nanoTime(),
                      error != null
                          ? "request-failed-" + rootCause(error).getClass().getSimpleName()
                          : endOf(response.statusCode(), response.body())));
            });
  }

  private URI turnsUri(String sessionId) {
    String id = URLEncoder.encode(sessionId, StandardCharsets.UTF_8);
    return base.resolve("/v1/sessions/" + id + "/turns?wait=" + WAIT.toSeconds());
  }

  /**
   * How an answer ended its turn: {@code completed} for 200 with status {@code COMPLETED}; else the
   * turn's status (200), {@code not-ended-<status>} (202, the wait ran out) or {@code
   * http-<code>-<problem code>}.
   */
  static String endOf(int statusCode, String body) {
    JsonNode json = parse(body);
    return switch (statusCode) {
      case 200 -> json.path("status").asText("no-status").toLowerCase(Locale.ROOT);
      case 202 -> "not-ended-" + json.path("status").asText("no-status");
      default -> "http-" + statusCode + "-" + json.path("code").asText("no-code");
    };
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body == null ? "" : body);
    } catch (java.io.IOException e) {
      return JSON.missingNode();
    }
  }

  private static Throwable rootCause(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }

  @Override
  public void close() {
    client.close();
  }
}
