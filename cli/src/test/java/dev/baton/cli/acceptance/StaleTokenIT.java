package dev.baton.cli.acceptance;

import static dev.baton.worker.OperationClass.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.HistoryMessage;
import dev.baton.cli.testkit.TestIds;
import dev.baton.cli.testkit.TopicReader;
import dev.baton.schemas.SchemaRegistryClient;
import dev.baton.schemas.Topics;
import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.IgnoreReason;
import dev.baton.schemas.avro.NotStartedReason;
import dev.baton.schemas.avro.SessionEvent;
import dev.baton.schemas.avro.ToolCallAssignment;
import dev.baton.schemas.avro.ToolCallCompleted;
import dev.baton.schemas.avro.ToolCallFinished;
import dev.baton.schemas.avro.ToolCallNotStarted;
import dev.baton.schemas.avro.WorkerResult;
import dev.baton.schemas.avro.WorkerResultIgnored;
import dev.baton.worker.Step;
import dev.baton.worker.StepResult;
import dev.baton.worker.ToolCall;
import dev.baton.worker.ToolCallResult;
import dev.baton.worker.ToolInvocation;
import dev.baton.worker.ToolResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance (issue #4), end to end through the coordinator: a worker holding a stale fencing token
 * cannot acquire the turn lock, and its result is ignored.
 *
 * <p>Each turn's first step calls one {@code write_x}; the second answers {@code done: <result>}. A
 * zombie is played two ways: an old tool call assignment delivered again to a real worker after a
 * newer batch took the session's lock (the worker reports {@code STALE_FENCING_TOKEN} and does not
 * run the tool), and a forged result with an old token for a call of the running batch (the
 * coordinator ignores it and the real result counts).
 */
@BatonStackTest
class StaleTokenIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String WORKER = "tools-1";
  private static final String ZOMBIE = "zombie-1";

  /** Call ids the tool handler ran, in order. */
  private final List<String> runs = new CopyOnWriteArrayList<>();

  /** Turns whose tool call waits for {@link #release}. */
  private final Set<String> blockedTurns = ConcurrentHashMap.newKeySet();

  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch blockedCallStarted = new CountDownLatch(1);

  private BatonFleet fleet;
  private TopicReader topics;
  private SchemaRegistryClient registry;
  private KafkaProducer<String, Assignment> assignments;
  private KafkaProducer<String, WorkerResult> results;
  private BatonApi api;
  private String session;

  @BeforeEach
  void setUp(StackAddresses stack, TestIds ids, @TempDir Path dir) {
    fleet = BatonFleet.builder(stack, ids, dir).partitions(3).workers(0).start();
    topics = TopicReader.withWorkerTopics(stack, fleet.layout());
    registry = SchemaRegistryClient.create(stack.registryUrl());
    Topics serdes = Topics.create(fleet.layout(), registry);
    assignments =
        producer(stack, serdes.assignments().keySerde(), serdes.assignments().valueSerde());
    results =
        producer(stack, serdes.workerResults().keySerde(), serdes.workerResults().valueSerde());
    fleet.startWorker(
        WORKER,
        b ->
            b.maxInFlight(4)
                .redis(stack.redisUri())
                .agent(StaleTokenIT::step)
                .tool("write_x", WRITE, this::write));
    api = fleet.api(0);
    session = ids.sessionId();
  }

  @AfterEach
  void tearDown() {
    release.countDown();
    if (fleet != null) {
      fleet.close();
    }
    if (topics != null) {
      topics.close();
    }
    if (assignments != null) {
      assignments.close();
      results.close();
    }
    if (registry != null) {
      registry.close();
    }
  }

  @Test
  void shouldRefuseTheLockToAnOldToolCallDeliveredAgainAndIgnoreItsReport() {
    complete("t-1");
    complete("t-2");
    Assignment old = toolCall("t-1");
    Assignment newer = toolCall("t-2");
    assertThat(newer.getFencingToken()).isGreaterThan(old.getFencingToken());
    List<HistoryMessage> history = api.history(session);
    int eventsBefore = topics.catchUp().events().get(session).size();

    send(assignments, fleet.layout().assignments(), old);

    WorkerResult report = awaitNotStarted(old);
    ToolCallNotStarted notStarted = (ToolCallNotStarted) report.getBody();
    assertThat(notStarted.getReason()).isEqualTo(NotStartedReason.STALE_FENCING_TOKEN);
    assertThat(report.getWorkerId()).isEqualTo(WORKER);
    assertThat(report.getFencingToken()).isEqualTo(old.getFencingToken());
    WorkerResultIgnored ignored = awaitIgnored(WORKER, old.getFencingToken());
    assertThat(ignored.getCallId()).isEqualTo(callId(old));
    // The turn the zombie belongs to has ended, so the coordinator says so; its token is stale too.
    assertThat(ignored.getReason()).isEqualTo(IgnoreReason.TURN_ENDED);
    assertThat(topics.catchUp().events().get(session).subList(eventsBefore, eventsBefore + 1))
        .extracting(SessionEvent::getBody)
        .singleElement()
        .isInstanceOf(WorkerResultIgnored.class);
    assertThat(runs).as("the tool ran once per turn, never for the zombie").hasSize(2);
    assertThat(api.history(session)).isEqualTo(history);

    // The session goes on; nothing but the ignored report came between the turns.
    complete("t-3");
    List<SessionEvent> after = topics.catchUp().events().get(session);
    assertThat(after.get(eventsBefore).getBody()).isInstanceOf(WorkerResultIgnored.class);
    assertThat(after.subList(eventsBefore + 1, after.size()))
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e.getTurnId()).isEqualTo("t-3"));
  }

  @Test
  void shouldIgnoreAResultWithAStaleTokenWhileTheTurnRunsAndKeepTheRealOne() throws Exception {
    complete("t-1");
    Assignment previous = toolCall("t-1");
    blockedTurns.add("t-2");
    BatonApi.Reply accepted = api.submitUntilDecided(session, "t-2", "t-2", "reject", 0);
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    assertThat(blockedCallStarted.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    Assignment current = toolCall("t-2");
    String callId = callId(current);

    // A zombie of the running call: the agent step's attempt, whose token the batch superseded.
    long staleToken = current.getFencingToken() - 1;
    send(results, fleet.layout().workerResults(), forgedResult(current, callId, staleToken));
    WorkerResultIgnored forged = awaitIgnored(ZOMBIE, staleToken);
    assertThat(forged.getReason()).isEqualTo(IgnoreReason.STALE_FENCING_TOKEN);
    assertThat(forged.getCallId()).isEqualTo(callId);
    // A real worker given the previous turn's call while this one holds the lock cannot take it.
    send(assignments, fleet.layout().assignments(), previous);
    WorkerResult report = awaitNotStarted(previous);
    assertThat(((ToolCallNotStarted) report.getBody()).getReason())
        .isEqualTo(NotStartedReason.STALE_FENCING_TOKEN);
    assertThat(awaitIgnored(WORKER, previous.getFencingToken()).getReason())
        .isEqualTo(IgnoreReason.TURN_ENDED);
    assertThat(api.turn(session, "t-2").turnStatus()).isEqualTo("RUNNING");

    release.countDown();

    BatonApi.Reply done = api.submitUntilDecided(session, "t-2", "t-2", "reject", 30);
    assertThat(done.turnStatus()).as(done.toString()).isEqualTo("COMPLETED");
    assertThat(done.text("answer")).isEqualTo("done: wrote t-2");
    assertThat(runs).hasSize(2);
    List<HistoryMessage> history = api.history(session);
    assertThat(history).extracting(HistoryMessage::content).noneMatch(c -> c.contains("forged"));
    List<SessionEvent> events = topics.catchUp().events().get(session);
    assertThat(events)
        .extracting(SessionEvent::getBody)
        .filteredOn(b -> b instanceof ToolCallCompleted c && c.getCallId().equals(callId))
        .singleElement()
        .extracting(b -> ((ToolCallCompleted) b).getWorkerId())
        .isEqualTo(WORKER);
  }

  /** Step 0 calls {@code write_x}; step 1 answers with the last tool result. */
  private static StepResult step(Step step) {
    if (step.number() == 0) {
      return StepResult.callTools(ToolCall.of("write_x", "{}"));
    }
    List<ToolResult> results =
        step.context().stream()
            .flatMap(m -> m.toolResult().stream())
            .map(ToolCallResult::result)
            .toList();
    return StepResult.answer("done: " + results.getLast().content());
  }

  private ToolResult write(ToolInvocation call) throws InterruptedException {
    runs.add(call.callId());
    if (blockedTurns.contains(call.turnId())) {
      blockedCallStarted.countDown();
      if (!release.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never released " + call.turnId());
      }
    }
    return ToolResult.ok("wrote " + call.turnId());
  }

  private void complete(String turnId) {
    BatonApi.Reply reply = api.submitUntilDecided(session, turnId, turnId, "reject", 30);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    assertThat(reply.turnStatus()).isEqualTo("COMPLETED");
    assertThat(reply.text("answer")).isEqualTo("done: wrote " + turnId);
  }

  /** The one tool call assignment of {@code turnId}, as the coordinator produced it. */
  private Assignment toolCall(String turnId) {
    await()
        .atMost(WAIT)
        .until(
            () -> topics.catchUp().assignments(session).stream().anyMatch(a -> isCall(a, turnId)));
    return topics.assignments(session).stream()
        .filter(a -> isCall(a, turnId))
        .reduce(
            (a, b) -> {
              throw new AssertionError("two tool call assignments for " + turnId + ": " + a + b);
            })
        .orElseThrow();
  }

  private static boolean isCall(Assignment assignment, String turnId) {
    return assignment.getTurnId().equals(turnId)
        && assignment.getBody() instanceof ToolCallAssignment;
  }

  private static String callId(Assignment assignment) {
    return ((ToolCallAssignment) assignment.getBody()).getCallId();
  }

  private WorkerResult awaitNotStarted(Assignment assignment) {
    await().atMost(WAIT).until(() -> notStarted(assignment) != null);
    return notStarted(assignment);
  }

  private WorkerResult notStarted(Assignment assignment) {
    return topics.catchUp().workerResults(session).stream()
        .filter(r -> assignment.getAssignmentId().equals(r.getAssignmentId()))
        .filter(r -> r.getBody() instanceof ToolCallNotStarted)
        .findFirst()
        .orElse(null);
  }

  private WorkerResultIgnored awaitIgnored(String workerId, long token) {
    await().atMost(WAIT).until(() -> ignored(workerId, token) != null);
    return ignored(workerId, token);
  }

  private WorkerResultIgnored ignored(String workerId, long token) {
    return topics.catchUp().events().getOrDefault(session, List.of()).stream()
        .map(SessionEvent::getBody)
        .filter(
            b ->
                b instanceof WorkerResultIgnored i
                    && i.getWorkerId().equals(workerId)
                    && i.getFencingToken() == token)
        .map(WorkerResultIgnored.class::cast)
        .findFirst()
        .orElse(null);
  }

  private WorkerResult forgedResult(Assignment current, String callId, long token) {
    Instant now = Instant.now();
    return WorkerResult.newBuilder()
        .setSessionId(session)
        .setTurnId(current.getTurnId())
        .setStep(current.getStep())
        .setAttempt(current.getAttempt())
        .setFencingToken(token)
        .setWorkerId(ZOMBIE)
        .setProducedAt(now)
        .setAssignmentId(current.getAssignmentId())
        .setBody(
            ToolCallFinished.newBuilder()
                .setCallId(callId)
                .setToolResult(
                    dev.baton.schemas.avro.ToolResult.newBuilder()
                        .setCallId(callId)
                        .setContent("forged by a zombie")
                        .setIsError(false)
                        .build())
                .setStartedAt(now.minusMillis(5))
                .setFinishedAt(now)
                .setLockWaitMs(0)
                .build())
        .build();
  }

  private <V> void send(KafkaProducer<String, V> producer, String topic, V value) {
    try {
      producer.send(new ProducerRecord<>(topic, session, value)).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("Cannot produce to " + topic, e);
    }
  }

  private static <V> KafkaProducer<String, V> producer(
      StackAddresses stack, Serde<String> keys, Serde<V> values) {
    return new KafkaProducer<>(
        Map.of("bootstrap.servers", stack.kafkaBootstrap(), "acks", "all"),
        keys.serializer(),
        values.serializer());
  }
}
