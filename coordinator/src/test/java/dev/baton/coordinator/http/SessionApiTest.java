package dev.baton.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.coordinator.session.SessionLimits;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The session endpoints over HTTP on a real server, with the session model in memory. */
class SessionApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SESSION = "s-1";

  private final HttpClient client = HttpClient.newHttpClient();
  private final TurnWaiters waiters = new TurnWaiters();
  private InMemorySessions sessions;
  private HttpApi api;

  @BeforeEach
  void start() {
    sessions = new InMemorySessions(SessionLimits.builder().queueCapacity(1).build(), waiters);
    api =
        HttpApi.start(
            "127.0.0.1",
            0,
            Map.of(),
            sessions,
            waiters,
            HttpOptions.builder()
                .maxInputBytes(1024)
                .decisionTimeout(Duration.ofMillis(300))
                .build());
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void shouldStartTurnAndAnswer202Running() throws Exception {
    Response response = post("/v1/sessions/s-1/turns", "{\"turnId\":\"t-1\",\"input\":\"Hello\"}");

    assertThat(response.status()).isEqualTo(202);
    assertThat(response.contentType()).startsWith("application/json");
    assertThat(response.json())
        .isEqualTo(
            JSON.readTree("{\"sessionId\":\"s-1\",\"turnId\":\"t-1\",\"status\":\"RUNNING\"}"));
    assertThat(waiters.waitingTurns()).isZero();
  }

  @Test
  void shouldGenerateATurnIdWhenNoneIsGiven() throws Exception {
    Response response = post("/v1/sessions/s-1/turns", "{\"input\":\"Hello\"}");

    assertThat(response.status()).isEqualTo(202);
    assertThat(response.json().get("turnId").asText()).isNotBlank();
  }

  @Test
  void shouldRejectSecondTurnWhenBusyWith409SessionBusy() throws Exception {
    post("/v1/sessions/s-1/turns", "{\"turnId\":\"t-1\",\"input\":\"Hello\"}");

    Response response = post("/v1/sessions/s-1/turns", "{\"turnId\":\"t-2\",\"input\":\"Again\"}");

    assertProblem(response, 409, "SESSION_BUSY", null);
    assertThat(response.json().get("type").asText()).isEqualTo("urn:baton:problem:session-busy");
    assertThat(response.json().get("title").asText()).isEqualTo("Session busy");
    assertThat(response.json().get("instance").asText()).isEqualTo("/v1/sessions/s-1/turns");
  }

  @Test
  void shouldQueueTurnWhenBusyAndAskedToEnqueue() throws Exception {
    post("/v1/sessions/s-1/turns", "{\"turnId\":\"t-1\",\"input\":\"Hello\"}");

    Response response =
        post(
            "/v1/sessions/s-1/turns",
            "{\"turnId\":\"t-2\",\"input\":\"Again\",\"onBusy\":\"enqueue\"}");

    assertThat(response.status()).isEqualTo(202);
    assertThat(response.json().get("status").asText()).isEqualTo("QUEUED");
  }

  @Test
  void shouldAnswer409QueueFullWhenTheQueueIsFull() throws Exception {
    post("/v1/sessions/s-1/turns", "{\"turnId\":\"t-1\",\"input\":\"Hello\"}");
    post("/v1/sessions/s-1/turns", "{\"turnId\":\"t-2\",\"input\":\"a\",\"onBusy\":\"enqueue\"}");

    Response response =
        post(
            "/v1/sessions/s-1/turns",
            "{\"turnId\":\"t-3\",\"input\":\"b\",\"onBusy\":\"enqueue\"}");

    assertProblem(response, 409, "QUEUE_FULL", null);
  }

  @Test
  void shouldAnswerARepeatedSubmitWithTheExistingTurn() throws Exception {
    post("/v1/sessions/s-1/turns", "{\"turnId\":\"t-1\",\"input\":\"Hello\"}");

    Response running = post("/v1/sessions/s-1/turns", "{\"turnId\":\"t-1\",\"input\":\"Hello\"}");
    sessions.answerActiveTurn(SESSION, "Hi there");
    Response completed = post("/v1/sessions/s-1/turns", "{\"turnId\":\"t-1\",\"input\":\"Hello\"}");

    assertThat(running.status()).isEqualTo(202);
    assertThat(running.json().get("status").asText()).isEqualTo("RUNNING");
    assertThat(completed.status()).isEqualTo(200);
    assertThat(completed.json().get("status").asText()).isEqualTo("COMPLETED");
    assertThat(completed.json().get("answer").asText()).isEqualTo("Hi there");
  }

  @Test
  void shouldAnswerAWaitingSubmitWhenTheTurnEnds() throws Exception {
    CompletableFuture<Response> waiting =
        CompletableFuture.supplyAsync(
            () -> post("/v1/sessions/s-1/turns?wait=30", "{\"turnId\":\"t-1\",\"input\":\"Hi\"}"));
    await().atMost(Duration.ofSeconds(10)).until(() -> sessions.session(SESSION).isPresent());

    sessions.answerActiveTurn(SESSION, "Hello!");

    Response response = waiting.get();
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json())
        .isEqualTo(
            JSON.readTree(
                "{\"sessionId\":\"s-1\",\"turnId\":\"t-1\",\"status\":\"COMPLETED\","
                    + "\"answer\":\"Hello!\"}"));
    assertThat(waiters.waitingTurns()).isZero();
  }

  @Test
  void shouldAnswer202WithTheCurrentStatusWhenTheWaitRunsOut() throws Exception {
    Response response =
        post("/v1/sessions/s-1/turns?wait=1", "{\"turnId\":\"t-1\",\"input\":\"Hi\"}");

    assertThat(response.status()).isEqualTo(202);
    assertThat(response.json().get("status").asText()).isEqualTo("RUNNING");
    assertThat(waiters.waitingTurns()).isZero();
  }

  @Test
  void shouldAnswer504TimeoutWhenTheCoordinatorDoesNotDecide() throws Exception {
    sessions.decides = false;

    Response response = post("/v1/sessions/s-1/turns", "{\"turnId\":\"t-1\",\"input\":\"Hi\"}");

    assertProblem(response, 504, "TIMEOUT", null);
    assertThat(waiters.waitingTurns()).isZero();
  }

  @Test
  void shouldRejectAnInvalidSessionIdNamingTheField() throws Exception {
    Response response = post("/v1/sessions/bad%20id/turns", "{\"input\":\"Hi\"}");

    assertProblem(response, 400, "INVALID_SESSION_ID", "id");
    assertThat(sessions.sent).isEmpty();
  }

  @Test
  void shouldRejectATooLongSessionId() throws Exception {
    Response response = get("/v1/sessions/" + "a".repeat(129));

    assertProblem(response, 400, "INVALID_SESSION_ID", "id");
  }

  @Test
  void shouldRejectAMissingInputNamingTheField() throws Exception {
    assertProblem(
        post("/v1/sessions/s-1/turns", "{\"turnId\":\"t-1\"}"), 400, "MISSING_INPUT", "input");
    assertProblem(
        post("/v1/sessions/s-1/turns", "{\"input\":\"  \"}"), 400, "MISSING_INPUT", "input");
    assertThat(sessions.sent).isEmpty();
  }

  @Test
  void shouldRejectAnOversizeInputNamingTheField() throws Exception {
    String input = "é".repeat(513); // 1026 bytes in UTF-8, over the 1024 of this test

    Response response = post("/v1/sessions/s-1/turns", "{\"input\":\"" + input + "\"}");

    assertProblem(response, 400, "INPUT_TOO_LARGE", "input");
    assertThat(response.json().get("detail").asText()).contains("1026 bytes", "1024");
  }

  @Test
  void shouldRejectAnOversizeBodyBeforeParsingIt() throws Exception {
    String body = "x".repeat(HttpOptions.builder().maxInputBytes(1024).build().maxBodyBytes() + 1);

    Response response = post("/v1/sessions/s-1/turns", body);

    assertProblem(response, 400, "INPUT_TOO_LARGE", "input");
  }

  @Test
  void shouldRejectABodyThatIsNotAJsonObject() throws Exception {
    assertProblem(post("/v1/sessions/s-1/turns", "not json"), 400, "INVALID_BODY", null);
    assertProblem(post("/v1/sessions/s-1/turns", "[1]"), 400, "INVALID_BODY", null);
    assertProblem(post("/v1/sessions/s-1/turns", ""), 400, "INVALID_BODY", null);
  }

  @Test
  void shouldRejectBadFieldsNamingThem() throws Exception {
    assertProblem(
        post("/v1/sessions/s-1/turns", "{\"input\":\"Hi\",\"onBusy\":\"interrupt\"}"),
        400,
        "INVALID_BODY",
        "onBusy");
    assertProblem(
        post("/v1/sessions/s-1/turns", "{\"input\":\"Hi\",\"turnId\":7}"),
        400,
        "INVALID_BODY",
        "turnId");
    assertProblem(post("/v1/sessions/s-1/turns", "{\"input\":42}"), 400, "INVALID_BODY", "input");
  }

  @Test
  void shouldRejectABadWaitParameterNamingIt() throws Exception {
    Response response = post("/v1/sessions/s-1/turns?wait=soon", "{\"input\":\"Hi\"}");

    assertProblem(response, 400, "INVALID_PARAMETER", "wait");
  }

  @Test
  void shouldShowTheSessionWithActiveAndQueuedTurns() throws Exception {
    post("/v1/sessions/s-1/turns", "{\"turnId\":\"t-1\",\"input\":\"Hello\"}");
    post("/v1/sessions/s-1/turns", "{\"turnId\":\"t-2\",\"input\":\"a\",\"onBusy\":\"enqueue\"}");

    Response response = get("/v1/sessions/s-1");

    assertThat(response.status()).isEqualTo(200);
    JsonNode json = response.json();
    assertThat(json.get("status").asText()).isEqualTo("BUSY");
    assertThat(json.get("activeTurn").get("turnId").asText()).isEqualTo("t-1");
    assertThat(json.get("queuedTurns").get(0).get("turnId").asText()).isEqualTo("t-2");
    assertThat(json.get("queuedTurns").get(0).get("position").asInt()).isEqualTo(1);
  }

  @Test
  void shouldAnswer404ForAnUnknownSessionOrTurn() throws Exception {
    assertProblem(get("/v1/sessions/nobody"), 404, "SESSION_NOT_FOUND", null);
    assertProblem(get("/v1/sessions/nobody/history"), 404, "SESSION_NOT_FOUND", null);
    post("/v1/sessions/s-1/turns", "{\"turnId\":\"t-1\",\"input\":\"Hello\"}");
    assertProblem(get("/v1/sessions/s-1/turns/t-9"), 404, "TURN_NOT_FOUND", null);
  }

  @Test
  void shouldShowATurnWithItsAnswerOnceCompleted() throws Exception {
    post("/v1/sessions/s-1/turns", "{\"turnId\":\"t-1\",\"input\":\"Hello\"}");
    sessions.answerActiveTurn(SESSION, "Hi there");

    Response response = get("/v1/sessions/s-1/turns/t-1");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().get("status").asText()).isEqualTo("COMPLETED");
    assertThat(response.json().get("answer").asText()).isEqualTo("Hi there");
  }

  @Test
  void shouldPageTheHistoryInSeqOrder() throws Exception {
    post("/v1/sessions/s-1/turns", "{\"turnId\":\"t-1\",\"input\":\"Hello\"}");
    sessions.answerActiveTurn(SESSION, "Hi there");

    JsonNode first = get("/v1/sessions/s-1/history?limit=1").json();
    JsonNode second = get("/v1/sessions/s-1/history?from=" + first.get("nextFrom").asLong()).json();

    assertThat(first.get("messages")).hasSize(1);
    assertThat(first.get("messages").get(0).get("role").asText()).isEqualTo("USER");
    assertThat(first.get("messages").get(0).get("seq").asLong()).isEqualTo(1);
    assertThat(first.get("messages").get(0).get("turnId").asText()).isEqualTo("t-1");
    assertThat(second.get("messages").get(0).get("content").asText()).isEqualTo("Hi there");
    assertThat(second.get("nextFrom").isNull()).isTrue();
  }

  @Test
  void shouldRejectABadLimitNamingIt() throws Exception {
    post("/v1/sessions/s-1/turns", "{\"turnId\":\"t-1\",\"input\":\"Hello\"}");

    assertProblem(get("/v1/sessions/s-1/history?limit=0"), 400, "INVALID_PARAMETER", "limit");
    assertProblem(get("/v1/sessions/s-1/events?from=-1"), 400, "INVALID_PARAMETER", "from");
  }

  @Test
  void shouldRenderEventsWithTheirTypeAndBody() throws Exception {
    post("/v1/sessions/s-1/turns", "{\"turnId\":\"t-1\",\"input\":\"Hello\"}");

    JsonNode event = get("/v1/sessions/s-1/events").json().get("events").get(0);

    assertThat(event.get("eventSeq").asLong()).isZero();
    assertThat(event.get("type").asText()).isEqualTo("TurnStarted");
    assertThat(event.get("turnId").asText()).isEqualTo("t-1");
    assertThat(event.get("occurredAt").asText()).isEqualTo("2025-06-01T10:00:00Z");
    assertThat(event.get("body").has("deadline")).isTrue();
  }

  @Test
  void shouldWriteAClearHistoryCommandAndAnswer202() throws Exception {
    Response response = delete("/v1/sessions/s-1/history");

    assertThat(response.status()).isEqualTo(202);
    assertThat(sessions.sent)
        .singleElement()
        .satisfies(
            command ->
                assertThat(command.getBody())
                    .isInstanceOf(dev.baton.schemas.avro.ClearHistory.class));
  }

  @Test
  void shouldAnswer503WithRetryAfterWhileNoOwnerIsKnown() throws Exception {
    sessions.owner = new SessionOwner.Unknown();

    Response response = get("/v1/sessions/s-1");

    assertProblem(response, 503, "NOT_READY", null);
    assertThat(response.header("Retry-After")).isEqualTo("1");
  }

  @Test
  void shouldNotForwardARequestThatWasForwardedAlready() throws Exception {
    sessions.owner = new SessionOwner.Remote("127.0.0.1", api.port());

    Response response =
        send(
            HttpRequest.newBuilder(uri("/v1/sessions/s-1"))
                .header(Forwarder.FORWARDED_HEADER, "elsewhere:1")
                .GET()
                .build());

    assertProblem(response, 503, "NOT_READY", null);
  }

  @Test
  void shouldAnswerUnknownPathsWithAProblem() throws Exception {
    assertProblem(get("/v2/nothing"), 404, "NOT_FOUND", null);
  }

  // Helpers.

  record Response(int status, String contentType, String body, HttpResponse<String> raw) {
    JsonNode json() throws Exception {
      return JSON.readTree(body);
    }

    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }
  }

  private static void assertProblem(Response response, int status, String code, String field)
      throws Exception {
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.contentType()).isEqualTo("application/problem+json");
    JsonNode json = response.json();
    assertThat(json.get("status").asInt()).isEqualTo(status);
    assertThat(json.get("code").asText()).isEqualTo(code);
    assertThat(json.get("detail").asText()).isNotBlank();
    if (field == null) {
      assertThat(json.has("field")).isFalse();
    } else {
      assertThat(json.get("field").asText()).isEqualTo(field);
    }
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + api.port() + path);
  }

  private Response post(String path, String body) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  private Response get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET().build());
  }

  private Response delete(String path) {
    return send(HttpRequest.newBuilder(uri(path)).DELETE().build());
  }

  private Response send(HttpRequest request) {
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      return new Response(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          response.body(),
          response);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
