package dev.baton.cli.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.cli.ops.internal.JsonText;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * Reads a session through a coordinator's HTTP API ({@code GET /v1/sessions/{id}} and {@code
 * /events}); any instance of the fleet answers, forwarding to the session's owner. Every request is
 * bounded by the timeout; failures are {@link OpsException}s with one-line messages.
 *
 * <pre>{@code
 * try (var client = new CoordinatorClient("http://127.0.0.1:8080", Duration.ofSeconds(5))) {
 *   JsonNode session = client.session("chat-42");
 * }
 * }</pre>
 */
public final class CoordinatorClient implements AutoCloseable {

  private final String baseUrl;
  private final Duration timeout;
  private final HttpClient http;
  private final String token;

  /** A client of the coordinator at {@code baseUrl}, such as {@code http://127.0.0.1:8080}. */
  public CoordinatorClient(String baseUrl, Duration timeout) {
    this(baseUrl, timeout, null);
  }

  /**
   * A client of the coordinator at {@code baseUrl} that sends {@code token} as its bearer token
   * (null: none, for a coordinator run with {@code --auth=off}).
   */
  public CoordinatorClient(String baseUrl, Duration timeout, String token) {
    this.token = token;
    requireHttpUrl(Objects.requireNonNull(baseUrl, "baseUrl"));
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /**
   * The session's view: status, active turn, queued and recent turns, history bounds and {@code
   * nextEventSeq}.
   *
   * @throws OpsException if the coordinator does not answer or answers an error, such as 404 for an
   *     unknown session
   */
  public JsonNode session(String sessionId) {
    return get("/v1/sessions/" + encode(sessionId));
  }

  /** A page of the session's events from {@code from}, at most {@code limit}. */
  public JsonNode events(String sessionId, long from, int limit) {
    return get("/v1/sessions/" + encode(sessionId) + "/events?from=" + from + "&limit=" + limit);
  }

  /** Closes the HTTP client. */
  @Override
  public void close() {
    http.close();
  }

  private JsonNode get(String path) {
    String url = baseUrl + path;
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(timeout)
            .header("accept", "application/json")
            .GET();
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    HttpRequest request = builder.build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw OpsException.unreachable("coordinator", baseUrl, timeout, reason(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw OpsException.interrupted("GET " + url);
    }
    JsonNode body = parse(url, response.body());
    if (response.statusCode() != 200) {
      throw OpsException.refused(url, response.statusCode(), problem(body));
    }
    return body;
  }

  private static JsonNode parse(String url, String body) {
    try {
      return JsonText.MAPPER.readTree(body.isEmpty() ? "{}" : body);
    } catch (IOException e) {
      throw OpsException.undecodable("the answer of " + url, e.getMessage());
    }
  }

  /** The problem's code and detail, or nothing. */
  private static String problem(JsonNode body) {
    String code = body.path("code").asText("");
    String detail = body.path("detail").asText(body.path("title").asText(""));
    return (code + " " + detail).trim();
  }

  private static void requireHttpUrl(String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      uri = null;
    }
    if (uri == null
        || uri.getHost() == null
        || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
      throw new IllegalArgumentException(
          "coordinator URL must be http(s)://host[:port], got " + url);
    }
  }

  private static String reason(IOException e) {
    return OpsException.reason(e.getClass().getSimpleName(), e.getMessage());
  }

  private static String encode(String sessionId) {
    return URLEncoder.encode(sessionId, StandardCharsets.UTF_8);
  }
}
