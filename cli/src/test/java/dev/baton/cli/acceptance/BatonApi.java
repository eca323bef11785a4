package dev.baton.cli.acceptance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.cli.testkit.EventSummary;
import dev.baton.cli.testkit.HistoryMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A client of one coordinator instance's HTTP API, for acceptance tests: submit a turn, wait for
 * it, and read a session's whole history and event log page by page.
 *
 * <pre>{@code
 * BatonApi api = new BatonApi(coordinator.httpPort());
 * BatonApi.Reply reply = api.submit(session, "t-1", "hello", "enqueue", 5);
 * List<HistoryMessage> history = api.history(session);
 * }</pre>
 */
public final class BatonApi {

  /** Statuses that say the request may be repeated as it is (no owner now, or no decision yet). */
  public static final Set<Integer> RETRYABLE = Set.of(503, 504);

  /** The header a forwarding instance adds: the owner's address. */
  public static final String FORWARDED_TO_HEADER = "X-Baton-Forwarded-To";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private final HttpClient client;
  private final String base;
  private final int pageSize;
  private final Duration requestTimeout;
  private final String token;

  /** A client of the instance on {@code 127.0.0.1:port}, reading 100 items a page. */
  public BatonApi(int port) {
    this(port, 100);
  }

  /** A client of the instance on {@code 127.0.0.1:port}, reading {@code pageSize} items a page. */
  public BatonApi(int port, int pageSize) {
    this(port, pageSize, REQUEST_TIMEOUT);
  }

  /**
   * A client of the instance on {@code 127.0.0.1:port}, reading {@code pageSize} items a page,
   * whose requests give up after {@code requestTimeout} (plus a submit's {@code wait}).
   */
  public BatonApi(int port, int pageSize, Duration requestTimeout) {
    this(
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(),
        "http://127.0.0.1:" + port,
        pageSize,
        requestTimeout,
        null);
  }

  private BatonApi(
      HttpClient client, String base, int pageSize, Duration requestTimeout, String token) {
    this.client = client;
    this.base = base;
    this.pageSize = pageSize;
    this.requestTimeout = requestTimeout;
    this.token = token;
  }

  /** A client of the same instance that sends {@code token} as its bearer token (null: none). */
  public BatonApi withToken(String token) {
    return new BatonApi(client, base, pageSize, requestTimeout, token);
  }

  /**
   * An answer: its status and its JSON body (null if the body is empty or not JSON).
   *
   * @param status the HTTP status
   * @param body the body as it came
   * @param json the body as JSON, or null
   * @param forwardedTo the owner that served a forwarded request ({@code X-Baton-Forwarded-To}),
   *     null if the instance asked served it itself
   */
  public record Reply(int status, String body, JsonNode json, String forwardedTo) {

    /** Whether the turn was accepted: 202 (queued or running) or 200 (ended). */
    public boolean accepted() {
      return status == 200 || status == 202;
    }

    /** Whether repeating the same request is the way forward. */
    public boolean retryable() {
      return RETRYABLE.contains(status);
    }

    /** The problem's {@code code}, or null if this is not a problem. */
    public String problemCode() {
      return json != null && json.has("code") ? json.get("code").asText() : null;
    }

    /** A text field of the JSON body, or null. */
    public String text(String field) {
      return json != null && json.hasNonNull(field) ? json.get(field).asText() : null;
    }

    /** The turn's status, for turn answers ({@code RUNNING}, {@code COMPLETED}, ...). */
    public String turnStatus() {
      return text("status");
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  /**
   * Submits {@code input} as turn {@code turnId}.
   *
   * @param onBusy {@code reject}, {@code enqueue}, or null for the default
   * @param waitSeconds how long the request waits for the turn to end; 0 for not at all
   */
  public Reply submit(
      String sessionId, String turnId, String input, String onBusy, int waitSeconds) {
    ObjectNode body = JSON.createObjectNode().put("turnId", turnId).put("input", input);
    if (onBusy != null) {
      body.put("onBusy", onBusy);
    }
    String query = waitSeconds > 0 ? "?wait=" + waitSeconds : "";
    return send(
        request("/v1/sessions/" + sessionId + "/turns" + query)
            .timeout(requestTimeout.plusSeconds(waitSeconds))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build());
  }

  /**
   * Submits until the coordinator decides, repeating the same turn id while the answer is 503 or
   * 504 (which is safe: a known turn id starts nothing), and while a {@code ?wait} ran out before
   * the turn ended.
   */
  public Reply submitUntilDecided(
      String sessionId, String turnId, String input, String onBusy, int waitSeconds) {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (true) {
      Reply reply = submit(sessionId, turnId, input, onBusy, waitSeconds);
      boolean waitRanOut = waitSeconds > 0 && reply.status() == 202;
      if ((!reply.retryable() && !waitRanOut) || System.nanoTime() > deadline) {
        return reply;
      }
      if (reply.retryable()) {
        pause();
      }
    }
  }

  /** {@code GET /v1/sessions/{id}}. */
  public Reply session(String sessionId) {
    return get("/v1/sessions/" + sessionId);
  }

  /** {@code GET /v1/sessions/{id}/turns/{turnId}}. */
  public Reply turn(String sessionId, String turnId) {
    return get("/v1/sessions/" + sessionId + "/turns/" + turnId);
  }

  /** The session's whole history, read page by page from seq 0. */
  public List<HistoryMessage> history(String sessionId) {
    List<HistoryMessage> messages = new ArrayList<>();
    for (JsonNode item : pages(sessionId, "history", "messages")) {
      messages.add(
          new HistoryMessage(
              item.get("seq").asLong(),
              item.get("role").asText(),
              item.get("content").asText(),
              item.hasNonNull("turnId") ? item.get("turnId").asText() : null));
    }
    return messages;
  }

  /**
   * The session's whole event log as the API answers it, page by page: each event's JSON ({@code
   * eventSeq}, {@code type}, {@code turnId}, {@code body}).
   */
  public List<JsonNode> eventJson(String sessionId) {
    return pages(sessionId, "events", "events");
  }

  /** The session's whole event log (as far as the events store keeps it), page by page. */
  public List<EventSummary> events(String sessionId) {
    List<EventSummary> events = new ArrayList<>();
    for (JsonNode item : eventJson(sessionId)) {
      JsonNode body = item.get("body");
      String type = item.get("type").asText();
      Long seq =
          switch (type) {
            case "MessageAppended" -> body.get("seq").asLong();
            case "TurnCompleted" ->
                body.hasNonNull("answerSeq") ? body.get("answerSeq").asLong() : null;
            default -> null;
          };
      Integer attempt =
          type.startsWith("Step") && body.hasNonNull("attempt")
              ? body.get("attempt").asInt()
              : null;
      events.add(
          new EventSummary(
              item.get("eventSeq").asLong(),
              type,
              item.hasNonNull("turnId") ? item.get("turnId").asText() : null,
              seq,
              attempt));
    }
    return events;
  }

  /** {@code DELETE /v1/sessions/{id}/turns/{turnId}}: cancels the turn. */
  public Reply cancel(String sessionId, String turnId) {
    return send(
        request("/v1/sessions/" + sessionId + "/turns/" + turnId)
            .timeout(requestTimeout)
            .DELETE()
            .build());
  }

  /**
   * The calls of the session's active turn that wait for a person's approval, from {@code GET
   * /v1/sessions/{id}/turns} ({@code activeTurn.awaitingApproval}): each with its {@code callId},
   * {@code name}, {@code arguments} and {@code deadline}. Fails if the session has no active turn.
   */
  public JsonNode awaitingApproval(String sessionId) {
    return get("/v1/sessions/" + sessionId + "/turns")
        .json()
        .get("activeTurn")
        .get("awaitingApproval");
  }

  /**
   * {@code POST /v1/sessions/{id}/turns/{turnId}/tool-calls/{callId}/approval}: decides a call that
   * waits for approval.
   *
   * @param decision {@code approve} or {@code deny}
   * @param argumentsJson the approver's edit of the arguments, a JSON object, or null for none
   */
  public Reply decideApproval(
      String sessionId, String turnId, String callId, String decision, String argumentsJson) {
    ObjectNode body = JSON.createObjectNode().put("decision", decision);
    if (argumentsJson != null) {
      try {
        body.set("arguments", JSON.readTree(argumentsJson));
      } catch (IOException e) {
        throw new IllegalArgumentException("not JSON: " + argumentsJson, e);
      }
    }
    return send(
        request(
                "/v1/sessions/"
                    + sessionId
                    + "/turns/"
                    + turnId
                    + "/tool-calls/"
                    + callId
                    + "/approval")
            .timeout(requestTimeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build());
  }

  /**
   * {@code POST /v1/sessions/{id}/fork}: forks {@code sessionId} into {@code forkId}, keeping its
   * history up to and including {@code atSeq}.
   */
  public Reply fork(String sessionId, String forkId, long atSeq) {
    ObjectNode body = JSON.createObjectNode().put("sessionId", forkId).put("atSeq", atSeq);
    return send(
        request("/v1/sessions/" + sessionId + "/fork")
            .timeout(requestTimeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build());
  }

  /** {@code POST path} with no body. */
  public Reply post(String path) {
    return send(
        request(path).timeout(requestTimeout).POST(HttpRequest.BodyPublishers.noBody()).build());
  }

  /** {@code GET path}. */
  public Reply get(String path) {
    return send(request(path).timeout(requestTimeout).GET().build());
  }

  /**
   * Every item of a paged endpoint, following {@code nextFrom}; repeats a page that answers 503 or
   * 504.
   */
  private List<JsonNode> pages(String sessionId, String endpoint, String field) {
    List<JsonNode> items = new ArrayList<>();
    long from = 0;
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (true) {
      String path =
          "/v1/sessions/" + sessionId + "/" + endpoint + "?from=" + from + "&limit=" + pageSize;
      Reply page = get(path);
      if (page.retryable() && System.nanoTime() < deadline) {
        pause();
        continue;
      }
      if (page.status() != 200) {
        throw new AssertionError("GET " + path + " answered " + page);
      }
      page.json().get(field).forEach(items::add);
      JsonNode next = page.json().get("nextFrom");
      if (next == null || next.isNull()) {
        return items;
      }
      from = next.asLong();
    }
  }

  /** Sends {@code request} and reads its answer. */
  public Reply send(HttpRequest request) {
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      return new Reply(
          response.statusCode(),
          response.body(),
          parse(response.body()),
          response.headers().firstValue(FORWARDED_TO_HEADER).orElse(null));
    } catch (IOException e) {
      throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** A request to {@code path}, with this client's token if it has one. */
  public HttpRequest.Builder request(String path) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return request;
  }
}
