package dev.baton.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.coordinator.http.ApiClient.Response;
import dev.baton.coordinator.session.SessionLimits;
import dev.baton.schemas.SchemaRegistryException;
import dev.baton.schemas.avro.SubmitTurn;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The session endpoints over HTTP on a real server, with the session model in memory. */
class SessionApiTest {

  /** The session model's limits: a queue of one, and inputs of at most 1024 bytes. */
  private static final SessionLimits LIMITS =
      SessionLimits.builder().queueCapacity(1).maxInputBytes(1024).build();

  private static final ObjectMapper JSON = ApiClient.JSON;
  private static final String SESSION = "s-1";

  private TurnWaiters waiters;
  private InMemorySessions sessions;
  private HttpApi api;
  private ApiClient client;

  @BeforeEach
  void start() {
    InMemoryApi server =
        InMemoryApi.start(
            LIMITS, HttpOptions.builder().decisionTimeout(Duration.ofMillis(300)).build());
    waiters = server.waiters();
    sessions = server.sessions();
    api = server.api();
    client = server.client();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void shouldStartTurnAndAnswer202Running() throws Exception {
    Response response =
        client.post("/v1/sessions/s-1/turns", "{\"turnId\":\"t-1\",\"input\":\"Hello\"}");

    assertThat(response.status()).isEqualTo(202);
    assertThat(response.contentType()).startsWith("application/json");
    assertThat(response.json())
        .isEqualTo(
            JSON.readTree("{\"sessionId\":\"s-1\",\"turnId\":\"t-1\",\"status\":\"RUNNING\"}"));
    assertThat(waiters.waitingTurns()).isZero();
  }

  @Test
  void shouldAnswer503NotReadyWhenTheRegistryFailsRetryably() throws Exception {
    sessions.failSends(
        SchemaRegistryException.ioError(
            "POST",
            java.net.URI.create("http://registry/subjects/baton.commands-value"),
            new java.io.IOException("request timed out")));

    Response response =
        client.post("/v1/sessions/s-1/turns", "{\"turnId\":\"t-1\",\"input\":\"Hello\"}");

    response.assertProblem(503, "NOT_READY", null);
  }

  @Test
  void shouldGenerateATurnIdWhenNoneIsGiven() throws Exception {
    Response response = client.post("/v1/sessions/s-1/turns", "{\"input\":\"Hello\"}");

    assertThat(response.status()).isEqualTo(202);
    assertThat(response.json().get("turnId").asText()).isNotBlank();
  }

  @Test
  void shouldRejectSecondTurnWhenBusyWith409SessionBusy() throws Exception {
    client.post("/v1/sessions/s-1/turns", "{\"turnId\":\"t-1\",\"input\":\"Hello\"}");

    Response response =
        client.post("/v1/sessions/s-1/turns", "{\"turnId\":\"t-2\",\"input\":\"Again\"}");

    response.assertProblem(409, "SESSION_BUSY", null);
    assertThat(response.json().get("type").asText()).isEqualTo("urn:baton:problem:session-busy");
    assertThat(response.json().get("title").asText()).isEqualTo("Session busy");
    assertThat(response.json().get("instance").asText()).isEqualTo("/v1/sessions/s-1/turns");
  }

  @Test
  void shouldQueueTurnWhenBusyAndAskedToEnqueue() throws Exception {
    client.post("/v1/sessions/s-1/turns", "{\"turnId\":\"t-1\",\"input\":\"Hello\"}");

    Response response =
        client.post(
            "/v1/sessions/s-1/turns",
            "{\"turnId\":\"t-2\",\"input\":\"Again\",\"onBusy\":\"enqueue\"}");

    assertThat(response.status()).isEqualTo(202);
    assertThat(response.json().get("status").asText()).isEqualTo("QUEUED");
  }

  @Test
  void shouldAnswer409QueueFullWhenTheQueueIsFull() throws Exception {
    client.post("/v1/sessions/s-1/turns", "{\"turnId\":\"t-1\",\"input\":\"Hello\"}");
    client.post(
        "/v1/sessions/s-1/turns", "{\"turnId\":\"t-2\",\"input\":\"a\",\"onBusy\":\"enqueue\"}");

    Response response =
        client.post(
            "/v1/sessions/s-1/turns",
            "{\"turnId\":\"t-3\",\"input\":\"b\",\"onBusy\":\"enqueue\"}");

    response.assertProblem(409, "QUEUE_FULL", null);
  }

  @Test
  void shouldAnswer409TurnIdReusedForAKnownTurnIdWithAnotherInput() throws Exception {
    client.post("/v1/sessions/s-1/turns", "{\"turnId\":\"t-1\",\"input\":\"Hello\"}");
    sessions.answerActiveTurn(SESSION, "Hi there");

    Response response =
        client.post("/v1/sessions/s-1/turns", "{\"turnId\":\"t-1\",\"input\":\"Goodbye\"}");

    response.assertProblem(409, "TURN_ID_REUSED", null);
    assertThat(response.json().get("type").asText()).isEqualTo("urn:baton:problem:turn-id-reused");
    assertThat(response.json().get("detail").asText())
        .isEqualTo("turn t-1 was rejected: turn t-1 (COMPLETED) was submitted with another input");
  }

  @Test
  void shouldAnswerARepeatedSubmitWithTheExistingTurn() throws Exception {
    client.post("/v1/sessions/s-1/turns", "{\"turnId\":\"t-1\",\"input\":\"Hello\"}");

    Response running =
        client.post("/v1/sessions/s-1/turns", "{\"turnId\":\"t-1\",\"input\":\"Hello\"}");
    sessions.answerActiveTurn(SESSION, "Hi there");
    Response completed =
        client.post("/v1/sessions/s-1/turns", "{\"turnId\":\"t-1\",\"input\":\"Hello\"}");

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
            () ->
                client.post(
                    "/v1/sessions/s-1/turns?wait=30", "{\"turnId\":\"t-1\",\"input\":\"Hi\"}"));
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
        client.post("/v1/sessions/s-1/turns?wait=1", "{\"turnId\":\"t-1\",\"input\":\"Hi\"}");

    assertThat(response.status()).isEqualTo(202);
    assertThat(response.json().get("status").asText()).isEqualTo("RUNNING");
    assertThat(waiters.waitingTurns()).isZero();
  }

  @Test
  void shouldAnswer504TimeoutWhenTheCoordinatorDoesNotDecide() throws Exception {
    sessions.decides = false;

    Response response =
        client.post("/v1/sessions/s-1/turns", "{\"turnId\":\"t-1\",\"input\":\"Hi\"}");

    response.assertProblem(504, "TIMEOUT", null);
    assertThat(waiters.waitingTurns()).isZero();
  }

  @Test
  void shouldRejectAnInvalidSessionIdNamingTheField() throws Exception {
    Response response = client.post("/v1/sessions/bad%20id/turns", "{\"input\":\"Hi\"}");

    response.assertProblem(400, "INVALID_SESSION_ID", "id");
    assertThat(sessions.sent).isEmpty();
  }

  @Test
  void shouldRejectATooLongSessionId() throws Exception {
    Response response = client.get("/v1/sessions/" + "a".repeat(129));

    response.assertProblem(400, "INVALID_SESSION_ID", "id");
  }

  @Test
  void shouldRejectAMissingInputNamingTheField() throws Exception {
    client
        .post("/v1/sessions/s-1/turns", "{\"turnId\":\"t-1\"}")
        .assertProblem(400, "MISSING_INPUT", "input");
    client
        .post("/v1/sessions/s-1/turns", "{\"input\":\"  \"}")
        .assertProblem(400, "MISSING_INPUT", "input");
    assertThat(sessions.sent).isEmpty();
  }

  @Test
  void shouldRejectAnOversizeInputNamingTheField() throws Exception {
    String input = "é".repeat(513); // 1026 bytes in UTF-8, over the 1024 of this test

    Response response = client.post("/v1/sessions/s-1/turns", "{\"input\":\"" + input + "\"}");

    response.assertProblem(400, "INPUT_TOO_LARGE", "input");
    assertThat(response.json().get("detail").asText()).contains("1026 bytes", "1024");
  }

  @Test
  void shouldRejectAnOversizeBodyBeforeParsingIt() throws Exception {
    String body = "x".repeat(RequestBody.maxBytes(LIMITS) + 1);

    Response response = client.post("/v1/sessions/s-1/turns", body);

    response.assertProblem(413, "BODY_TOO_LARGE", null);
  }

  @Test
  void shouldRejectABodyThatIsNotAJsonObject() throws Exception {
    client.post("/v1/sessions/s-1/turns", "not json").assertProblem(400, "INVALID_BODY", null);
    client.post("/v1/sessions/s-1/turns", "[1]").assertProblem(400, "INVALID_BODY", null);
    client.post("/v1/sessions/s-1/turns", "").assertProblem(400, "INVALID_BODY", null);
  }

  @Test
  void shouldRejectBadFieldsNamingThem() throws Exception {
    client
        .post("/v1/sessions/s-1/turns", "{\"input\":\"Hi\",\"onBusy\":\"later\"}")
        .assertProblem(400, "INVALID_BODY", "onBusy");
    client
        .post("/v1/sessions/s-1/turns", "{\"input\":\"Hi\",\"turnId\":7}")
        .assertProblem(400, "INVALID_BODY", "turnId");
    client
        .post("/v1/sessions/s-1/turns", "{\"input\":42}")
        .assertProblem(400, "INVALID_BODY", "input");
    client
        .post("/v1/sessions/s-1/turns", "{\"input\":\"Hi\",\"debounceMs\":60001}")
        .assertProblem(400, "INVALID_BODY", "debounceMs");
    client
        .post("/v1/sessions/s-1/turns", "{\"input\":\"Hi\",\"debounceMs\":\"soon\"}")
        .assertProblem(400, "INVALID_BODY", "debounceMs");
  }

  @Test
  void shouldWriteTheSubmittedMetadataIntoTheCommand() throws Exception {
    Response response =
        client.post(
            "/v1/sessions/s-1/turns",
            "{\"turnId\":\"t-1\",\"input\":\"Hi\",\"metadata\":{\"user\":\"u-7\",\"trace\":\"\"}}");

    assertThat(response.status()).isEqualTo(202);
    SubmitTurn submit = (SubmitTurn) sessions.sent.getLast().getBody();
    assertThat(submit.getMetadata()).isEqualTo(Map.of("user", "u-7", "trace", ""));
  }

  @Test
  void shouldRejectMetadataThatIsNotAnObjectOfStringsOrIsOverItsLimit() throws Exception {
    String large = "x".repeat(SessionLimits.MAX_METADATA_BYTES);
    for (String metadata :
        List.of(
            "[\"u-7\"]",
            "{\"user\":7}",
            "{\"user\":null}",
            "{\"\":\"empty key\"}",
            "{\"k\":\"" + large + "\"}")) {
      client
          .post("/v1/sessions/s-1/turns", "{\"input\":\"Hi\",\"metadata\":" + metadata + "}")
          .assertProblem(400, "INVALID_BODY", "metadata");
    }
    assertThat(sessions.sent).isEmpty();
  }

  @Test
  void shouldRejectABadWaitParameterNamingIt() throws Exception {
    Response response = client.post("/v1/sessions/s-1/turns?wait=soon", "{\"input\":\"Hi\"}");

    response.assertProblem(400, "INVALID_PARAMETER", "wait");
  }

  @Test
  void shouldShowTheSessionWithActiveAndQueuedTurns() throws Exception {
    client.post("/v1/sessions/s-1/turns", "{\"turnId\":\"t-1\",\"input\":\"Hello\"}");
    client.post(
        "/v1/sessions/s-1/turns", "{\"turnId\":\"t-2\",\"input\":\"a\",\"onBusy\":\"enqueue\"}");

    Response response = client.get("/v1/sessions/s-1");

    assertThat(response.status()).isEqualTo(200);
    JsonNode json = response.json();
    assertThat(json.get("status").asText()).isEqualTo("BUSY");
    assertThat(json.get("activeTurn").get("turnId").asText()).isEqualTo("t-1");
    assertThat(json.get("queuedTurns").get(0).get("turnId").asText()).isEqualTo("t-2");
    assertThat(json.get("queuedTurns").get(0).get("position").asInt()).isEqualTo(1);
  }

  @Test
  void shouldAnswer404ForAnUnknownSessionOrTurn() throws Exception {
    client.get("/v1/sessions/nobody").assertProblem(404, "SESSION_NOT_FOUND", null);
    client.get("/v1/sessions/nobody/history").assertProblem(404, "SESSION_NOT_FOUND", null);
    client.post("/v1/sessions/s-1/turns", "{\"turnId\":\"t-1\",\"input\":\"Hello\"}");
    client.get("/v1/sessions/s-1/turns/t-9").assertProblem(404, "TURN_NOT_FOUND", null);
  }

  @Test
  void shouldShowATurnWithItsAnswerOnceCompleted() throws Exception {
    client.post("/v1/sessions/s-1/turns", "{\"turnId\":\"t-1\",\"input\":\"Hello\"}");
    sessions.answerActiveTurn(SESSION, "Hi there");

    Response response = client.get("/v1/sessions/s-1/turns/t-1");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().get("status").asText()).isEqualTo("COMPLETED");
    assertThat(response.json().get("answer").asText()).isEqualTo("Hi there");
  }

  @Test
  void shouldPageTheHistoryInSeqOrder() throws Exception {
    client.post("/v1/sessions/s-1/turns", "{\"turnId\":\"t-1\",\"input\":\"Hello\"}");
    sessions.answerActiveTurn(SESSION, "Hi there");

    JsonNode first = client.get("/v1/sessions/s-1/history?limit=1").json();
    JsonNode second =
        client.get("/v1/sessions/s-1/history?from=" + first.get("nextFrom").asLong()).json();

    assertThat(first.get("messages")).hasSize(1);
    assertThat(first.get("messages").get(0).get("role").asText()).isEqualTo("USER");
    assertThat(first.get("messages").get(0).get("seq").asLong()).isEqualTo(1);
    assertThat(first.get("messages").get(0).get("turnId").asText()).isEqualTo("t-1");
    assertThat(second.get("messages").get(0).get("content").asText()).isEqualTo("Hi there");
    assertThat(second.get("nextFrom").isNull()).isTrue();
  }

  @Test
  void shouldRejectABadLimitNamingIt() throws Exception {
    client.post("/v1/sessions/s-1/turns", "{\"turnId\":\"t-1\",\"input\":\"Hello\"}");

    client.get("/v1/sessions/s-1/history?limit=0").assertProblem(400, "INVALID_PARAMETER", "limit");
    client.get("/v1/sessions/s-1/events?from=-1").assertProblem(400, "INVALID_PARAMETER", "from");
  }

  @Test
  void shouldRenderEventsWithTheirTypeAndBody() throws Exception {
    client.post("/v1/sessions/s-1/turns", "{\"turnId\":\"t-1\",\"input\":\"Hello\"}");

    JsonNode event = client.get("/v1/sessions/s-1/events").json().get("events").get(0);

    assertThat(event.get("eventSeq").asLong()).isZero();
    assertThat(event.get("type").asText()).isEqualTo("TurnStarted");
    assertThat(event.get("turnId").asText()).isEqualTo("t-1");
    assertThat(event.get("occurredAt").asText()).isEqualTo("2025-06-01T10:00:00Z");
    assertThat(event.get("body").has("deadline")).isTrue();
  }

  @Test
  void shouldWriteAClearHistoryCommandAndAnswer202() throws Exception {
    client.submit(SESSION, "t-1", "Hello", null, "");

    Response response = client.delete("/v1/sessions/s-1/history");

    assertThat(response.status()).isEqualTo(202);
    assertThat(sessions.sent)
        .last()
        .satisfies(
            command ->
                assertThat(command.getBody())
                    .isInstanceOf(dev.baton.schemas.avro.ClearHistory.class));
  }

  @Test
  void shouldAnswer404ToAControlOfASessionThatHasSeenNoCommand() {
    client.post("/v1/sessions/nobody/pause", "").assertProblem(404, "SESSION_NOT_FOUND", null);
    client.post("/v1/sessions/nobody/resume", "").assertProblem(404, "SESSION_NOT_FOUND", null);
    client.delete("/v1/sessions/nobody/history").assertProblem(404, "SESSION_NOT_FOUND", null);
    assertThat(sessions.sent).isEmpty();
  }

  @Test
  void shouldAnswer503WithRetryAfterWhileNoOwnerIsKnown() throws Exception {
    sessions.owner = new SessionOwner.Unknown();

    Response response = client.get("/v1/sessions/s-1");

    response.assertProblem(503, "NOT_READY", null);
    assertThat(response.header("Retry-After")).isEqualTo("1");
  }

  @Test
  void shouldNotForwardARequestThatWasForwardedAlready() throws Exception {
    sessions.owner = new SessionOwner.Remote("127.0.0.1", api.port());

    Response response =
        client.send(
            HttpRequest.newBuilder(client.uri("/v1/sessions/s-1"))
                .header(Forwarder.FORWARDED_HEADER, "elsewhere:1")
                .GET()
                .build());

    response.assertProblem(503, "NOT_READY", null);
  }

  @Test
  void shouldAnswerUnknownPathsWithAProblem() throws Exception {
    client.get("/v2/nothing").assertProblem(404, "NOT_FOUND", null);
  }
}
