package dev.baton.cli.example;

import static dev.baton.schemas.avro.OperationClass.READ;
import static dev.baton.schemas.avro.OperationClass.WRITE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.TestIds;
import dev.baton.schemas.avro.AgentAnswered;
import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.NotStartedReason;
import dev.baton.schemas.avro.OperationClass;
import dev.baton.schemas.avro.ToolCallFinished;
import dev.baton.schemas.avro.ToolCallNotStarted;
import dev.baton.schemas.avro.ToolCallRequest;
import dev.baton.schemas.avro.ToolCallsRequested;
import dev.baton.schemas.avro.WorkerResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tool calls on the example workers, real broker, registry and Redis: the turn lock orders the
 * calls of one step across worker processes (each worker has its own Redis connections), and the
 * timings the workers publish show it. A worker-level version of issue #4's acceptance test; the
 * end-to-end version needs the coordinator's side of tool calls.
 */
@BatonStackTest
class ToolCallIT {

  private static final Logger log = LoggerFactory.getLogger(ToolCallIT.class);
  private static final Duration TOOL_DELAY = Duration.ofMillis(100);
  private static final List<OperationClass> R_R_W_R = List.of(READ, READ, WRITE, READ);

  private WorkerFixture fixture;
  private String session;
  private String note;

  @BeforeEach
  void setUp(StackAddresses stack, TestIds ids) {
    fixture = new WorkerFixture(stack, ids);
    session = ids.sessionId();
    note = "note-" + session;
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    fixture.close();
  }

  @Test
  void shouldOverlapTheReadsBeforeAWriteAndRunTheWriteAloneAcrossThreeWorkers() {
    startThreeWorkersAndWarmUp();
    long token = fixture.nextToken();

    List<Assignment> calls =
        List.of(
            fixture.assignToolCall(
                session, token, 0, NotesTools.READ_NOTE, NotesTools.readArguments(note), R_R_W_R),
            fixture.assignToolCall(session, token, 1, NotesTools.LIST_NOTES, "{}", R_R_W_R),
            fixture.assignToolCall(
                session,
                token,
                2,
                NotesTools.WRITE_NOTE,
                NotesTools.writeArguments(note, "hello"),
                R_R_W_R),
            fixture.assignToolCall(
                session, token, 3, NotesTools.READ_NOTE, NotesTools.readArguments(note), R_R_W_R));

    List<WorkerResult> results = calls.stream().map(this::awaitOneResult).toList();
    List<ToolCallFinished> finished =
        results.stream().map(r -> (ToolCallFinished) r.getBody()).toList();
    logTimeline(results, finished);

    ToolCallFinished read0 = finished.get(0);
    ToolCallFinished read1 = finished.get(1);
    ToolCallFinished write = finished.get(2);
    ToolCallFinished read3 = finished.get(3);
    // Nothing overlaps the write; the reads before it overlap each other; the read after it
    // starts once it has finished.
    for (int i : List.of(0, 1, 3)) {
      assertThat(overlaps(finished.get(i), write)).as("call %d overlaps the write", i).isFalse();
    }
    assertThat(overlaps(read0, read1)).as("the reads before the write overlap").isTrue();
    assertThat(read3.getStartedAt()).isAfterOrEqualTo(write.getFinishedAt());
    assertThat(write.getStartedAt())
        .isAfterOrEqualTo(read0.getFinishedAt())
        .isAfterOrEqualTo(read1.getFinishedAt());
    // The write waited for the reads; the effects follow the agent's order.
    assertThat(write.getLockWaitMs()).isPositive();
    assertThat(read0.getToolResult().getIsError()).isTrue();
    assertThat(read0.getToolResult().getContent()).isEqualTo("no note " + note);
    assertThat(write.getToolResult().getContent()).isEqualTo("wrote " + note);
    assertThat(read3.getToolResult().getContent()).isEqualTo("hello");
    assertThat(finished)
        .allSatisfy(
            f ->
                assertThat(Duration.between(f.getStartedAt(), f.getFinishedAt()))
                    .isGreaterThanOrEqualTo(TOOL_DELAY));
  }

  @Test
  void shouldReportAStaleTokenAsNotStartedWithoutRunningTheTool() {
    fixture.startEchoWorker("tools-1", TOOL_DELAY, 4);
    long older = fixture.nextToken();
    long newer = fixture.nextToken();
    List<OperationClass> oneWrite = List.of(WRITE);

    Assignment current =
        fixture.assignToolCall(
            session,
            newer,
            0,
            NotesTools.WRITE_NOTE,
            NotesTools.writeArguments(note, "new"),
            oneWrite);
    assertThat(awaitOneResult(current).getBody()).isInstanceOf(ToolCallFinished.class);
    Assignment zombie =
        fixture.assignToolCall(
            session,
            older,
            0,
            NotesTools.WRITE_NOTE,
            NotesTools.writeArguments(note, "old"),
            oneWrite);

    WorkerResult result = awaitOneResult(zombie);
    ToolCallNotStarted notStarted = (ToolCallNotStarted) result.getBody();
    assertThat(notStarted.getReason()).isEqualTo(NotStartedReason.STALE_FENCING_TOKEN);
    assertThat(notStarted.getCallId()).isEqualTo("call-" + older + "-0");
    assertThat(result.getFencingToken()).isEqualTo(older);
    Assignment check =
        fixture.assignToolCall(
            session,
            fixture.nextToken(),
            0,
            NotesTools.READ_NOTE,
            NotesTools.readArguments(note),
            List.of(READ));
    assertThat(((ToolCallFinished) awaitOneResult(check).getBody()).getToolResult().getContent())
        .isEqualTo("new");
  }

  @Test
  void shouldReportAnUnknownToolAsNotStarted() {
    fixture.startEchoWorker("tools-1", TOOL_DELAY, 4);

    Assignment call =
        fixture.assignToolCall(
            session, fixture.nextToken(), 0, "delete_note", "{}", List.of(WRITE));

    ToolCallNotStarted notStarted = (ToolCallNotStarted) awaitOneResult(call).getBody();
    assertThat(notStarted.getReason()).isEqualTo(NotStartedReason.UNKNOWN_TOOL);
  }

  @Test
  void shouldAskForAToolScriptsCallsWithTheWorkersDeclaredClasses() {
    fixture.startEchoWorker("tools-1", TOOL_DELAY, 4);

    Assignment step = fixture.assign("tools: read a, write a=hello, list, read a");

    ToolCallsRequested requested = (ToolCallsRequested) awaitOneResult(step).getBody();
    assertThat(requested.getCalls())
        .extracting(ToolCallRequest::getDeclaredClass)
        .containsExactly(READ, WRITE, READ, READ);
    assertThat(requested.getCalls())
        .extracting(ToolCallRequest::getCallId)
        .containsExactly(
            IntStream.range(0, 4)
                .mapToObj(i -> step.getAssignmentId() + "-" + i)
                .toArray(String[]::new));
  }

  private void startThreeWorkersAndWarmUp() {
    for (int i = 1; i <= 3; i++) {
      fixture.startEchoWorker("tools-" + i, TOOL_DELAY, 4);
    }
    // One agent step per partition, so that every partition has consumers fetching before the
    // tool calls arrive.
    List<Assignment> warmUp =
        IntStream.range(0, 6).mapToObj(i -> fixture.assignRoundRobin(i, "warm " + i)).toList();
    warmUp.forEach(a -> assertThat(awaitOneResult(a).getBody()).isInstanceOf(AgentAnswered.class));
  }

  private static boolean overlaps(ToolCallFinished a, ToolCallFinished b) {
    return a.getStartedAt().isBefore(b.getFinishedAt())
        && b.getStartedAt().isBefore(a.getFinishedAt());
  }

  private static void logTimeline(List<WorkerResult> results, List<ToolCallFinished> finished) {
    Instant zero =
        finished.stream().map(ToolCallFinished::getStartedAt).min(Instant::compareTo).orElseThrow();
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < finished.size(); i++) {
      ToolCallFinished f = finished.get(i);
      lines.add(
          "call %d on %s: %d..%d ms, waited %d ms"
              .formatted(
                  i,
                  results.get(i).getWorkerId(),
                  Duration.between(zero, f.getStartedAt()).toMillis(),
                  Duration.between(zero, f.getFinishedAt()).toMillis(),
                  f.getLockWaitMs()));
    }
    log.info("Tool call timeline:\n  {}", String.join("\n  ", lines));
  }

  private WorkerResult awaitOneResult(Assignment assignment) {
    await().until(() -> !fixture.resultsFor(assignment).isEmpty());
    List<WorkerResult> results = fixture.resultsFor(assignment);
    assertThat(results).hasSize(1);
    return results.getFirst();
  }

  private static ConditionFactory await() {
    return Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50));
  }
}
