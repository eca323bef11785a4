package dev.baton.cli.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.TestIds;
import dev.baton.coordinator.Coordinator;
import dev.baton.coordinator.http.ApiClient;
import dev.baton.coordinator.http.ApiClient.Response;
import dev.baton.coordinator.session.SessionEpoch;
import dev.baton.coordinator.session.SessionLimits;
import dev.baton.schemas.TopicLayout;
import dev.baton.schemas.avro.AgentStep;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP API of one real coordinator on the embedded stack, with the worker side played by a
 * plain consumer and producer.
 */
@BatonStackTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionApiIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private TestIds ids;
  private Coordinator coordinator;
  private SimulatedWorker worker;
  private ApiClient api;

  @BeforeAll
  void start(StackAddresses stack, TestIds ids, @TempDir Path stateDir) {
    this.ids = ids;
    TopicLayout layout = ids.layout(2);
    Coordinators.createTopics(stack, layout);
    coordinator = Coordinators.start(stack, layout, stateDir);
    api = new ApiClient(coordinator.httpPort());
    worker = new SimulatedWorker(stack, layout, ids);
    Coordinators.awaitOwnerKnown(api, ids.sessionId());
  }

  @AfterAll
  void stop() {
    if (worker != null) {
      worker.close();
    }
    if (coordinator != null) {
      coordinator.close();
    }
  }

  @Test
  void shouldStartATurnAndAnswerAWaitingRequestWhenTheWorkerAnswers() throws Exception {
    String session = ids.sessionId();

    Response started = api.submit(session, "t-1", "What is Baton?", null, "");
    CompletableFuture<Response> waiting =
        CompletableFuture.supplyAsync(
            () -> api.submit(session, "t-1", "What is Baton?", null, "?wait=30"));
    worker.answer(session, "t-1", "A session coordinator.");

    assertThat(started.status()).as(started.body()).isEqualTo(202);
    assertThat(started.json().get("status").asText()).isEqualTo("RUNNING");
    Response ended = waiting.get();
    assertThat(ended.status()).as(ended.body()).isEqualTo(200);
    assertThat(ended.json().get("status").asText()).isEqualTo("COMPLETED");
    assertThat(ended.json().get("answer").asText()).isEqualTo("A session coordinator.");
    Response turn = api.get("/v1/sessions/" + session + "/turns/t-1");
    assertThat(turn.json().get("status").asText()).isEqualTo("COMPLETED");
    assertThat(turn.json().get("answer").asText()).isEqualTo("A session coordinator.");
  }

  @Test
  void shouldGiveTheWorkerTheMetadataTheTurnWasSubmittedWith() {
    String session = ids.sessionId();

    Response started =
        api.post(
            "/v1/sessions/" + session + "/turns",
            "{\"turnId\":\"t-1\",\"input\":\"Hello\",\"metadata\":{\"user\":\"u-7\"}}");

    assertThat(started.status()).as(started.body()).isEqualTo(202);
    AgentStep step = (AgentStep) worker.nextAssignment(session, "t-1").getBody();
    assertThat(step.getMetadata()).isEqualTo(Map.of("user", "u-7"));
  }

  @Test
  void shouldRejectASecondTurnWhenBusyAndQueueOneThatAsksToWait() {
    String session = ids.sessionId();
    api.submit(session, "t-1", "First", null, "");

    Response busy = api.submit(session, "t-2", "Second", "reject", "");
    Response queued = api.submit(session, "t-3", "Third", "enqueue", "");

    busy.assertProblem(409, "SESSION_BUSY", null);
    assertThat(queued.status()).as(queued.body()).isEqualTo(202);
    assertThat(queued.json().get("status").asText()).isEqualTo("QUEUED");
    JsonNode state = api.get("/v1/sessions/" + session).json();
    assertThat(state.get("status").asText()).isEqualTo("BUSY");
    assertThat(state.get("activeTurn").get("turnId").asText()).isEqualTo("t-1");
    assertThat(state.get("queuedTurns").get(0).get("turnId").asText()).isEqualTo("t-3");
  }

  @Test
  void shouldReturnTheHistoryAndTheEventsOfWhatWasDone() throws Exception {
    String session = ids.sessionId();
    CompletableFuture<Response> waiting =
        CompletableFuture.supplyAsync(() -> api.submit(session, "t-1", "Hello", null, "?wait=30"));
    worker.answer(session, "t-1", "Hi there");
    assertThat(waiting.get().status()).isEqualTo(200);

    JsonNode history = api.get("/v1/sessions/" + session + "/history").json();
    JsonNode events = api.get("/v1/sessions/" + session + "/events").json();

    assertThat(texts(history.get("messages"), "role")).containsExactly("USER", "ASSISTANT");
    assertThat(texts(history.get("messages"), "content")).containsExactly("Hello", "Hi there");
    assertThat(texts(history.get("messages"), "seq")).containsExactly("1", "2");
    assertThat(texts(history.get("messages"), "turnId")).containsOnly("t-1");
    assertThat(texts(events.get("events"), "type"))
        .containsExactly(
            "TurnAccepted",
            "TurnStarted",
            "MessageAppended",
            "StepAssigned",
            "StepCompleted",
            "UsageRecorded",
            "MessageAppended",
            "TurnCompleted");
    long first = events.get("events").get(0).get("eventSeq").asLong();
    assertThat(first % SessionEpoch.NUMBERS_PER_MILLI).as("the life's first eventSeq").isZero();
    assertThat(texts(events.get("events"), "eventSeq"))
        .containsExactly(
            LongStream.range(first, first + 8).mapToObj(Long::toString).toArray(String[]::new));
    assertThat(events.get("events").get(7).get("body").get("answerSeq").asLong()).isEqualTo(2);
  }

  @Test
  void shouldClearTheHistoryOnDelete() throws Exception {
    String session = ids.sessionId();
    CompletableFuture<Response> waiting =
        CompletableFuture.supplyAsync(() -> api.submit(session, "t-1", "Hello", null, "?wait=30"));
    worker.answer(session, "t-1", "Hi there");
    assertThat(waiting.get().status()).isEqualTo(200);
    long next = api.get("/v1/sessions/" + session).json().get("nextEventSeq").asLong();

    Response cleared = api.delete("/v1/sessions/" + session + "/history");

    assertThat(cleared.status()).as(cleared.body()).isEqualTo(202);
    await()
        .atMost(WAIT)
        .until(
            () -> api.get("/v1/sessions/" + session + "/history").json().get("messages").isEmpty());
    JsonNode events = api.get("/v1/sessions/" + session + "/events?from=" + next).json();
    assertThat(texts(events.get("events"), "type")).containsExactly("HistoryCleared");
  }

  @Test
  void shouldRejectInvalidRequestsNamingTheField() {
    String session = ids.sessionId();

    api.submit("bad%20id!", "t-1", "Hi", null, "").assertProblem(400, "INVALID_SESSION_ID", "id");
    api.post("/v1/sessions/" + session + "/turns", "{\"turnId\":\"t-1\"}")
        .assertProblem(400, "MISSING_INPUT", "input");
    api.submit(session, "t-1", "x".repeat(SessionLimits.DEFAULT_MAX_INPUT_BYTES + 1), null, "")
        .assertProblem(400, "INPUT_TOO_LARGE", "input");
    api.get("/v1/sessions/" + session).assertProblem(404, "SESSION_NOT_FOUND", null);
  }

  private static List<String> texts(JsonNode array, String field) {
    List<String> texts = new ArrayList<>();
    array.forEach(item -> texts.add(item.get(field).asText()));
    return texts;
  }
}
