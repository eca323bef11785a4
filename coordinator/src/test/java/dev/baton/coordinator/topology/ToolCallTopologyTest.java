package dev.baton.coordinator.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.baton.coordinator.session.SessionLimits;
import dev.baton.schemas.avro.AgentStep;
import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.DispatchMode;
import dev.baton.schemas.avro.DispatchModeChanged;
import dev.baton.schemas.avro.Failure;
import dev.baton.schemas.avro.IgnoreReason;
import dev.baton.schemas.avro.LeaseExtended;
import dev.baton.schemas.avro.LeaseRenewed;
import dev.baton.schemas.avro.Message;
import dev.baton.schemas.avro.MessageAppended;
import dev.baton.schemas.avro.NotStartedReason;
import dev.baton.schemas.avro.OperationClass;
import dev.baton.schemas.avro.Role;
import dev.baton.schemas.avro.SessionEvent;
import dev.baton.schemas.avro.StepAssigned;
import dev.baton.schemas.avro.StepCompleted;
import dev.baton.schemas.avro.StepFailed;
import dev.baton.schemas.avro.ToolCallAssignment;
import dev.baton.schemas.avro.ToolCallCompleted;
import dev.baton.schemas.avro.ToolCallDispatched;
import dev.baton.schemas.avro.ToolCallFinished;
import dev.baton.schemas.avro.ToolCallNotStarted;
import dev.baton.schemas.avro.ToolCallRequest;
import dev.baton.schemas.avro.ToolCallStarted;
import dev.baton.schemas.avro.ToolCallsRequested;
import dev.baton.schemas.avro.ToolResult;
import dev.baton.schemas.avro.TurnCompleted;
import dev.baton.schemas.avro.TurnFailed;
import dev.baton.schemas.avro.UsageRecorded;
import dev.baton.schemas.avro.WorkerResultIgnored;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tool-call steps through the topology: the Avro a worker sends and receives. */
class ToolCallTopologyTest {

  private static final String SESSION = "session-1";
  private static final Instant STARTED = Instant.parse("2025-06-01T10:00:00.100Z");
  private static final Instant FINISHED = Instant.parse("2025-06-01T10:00:00.250Z");

  @TempDir Path stateDir;
  private CoordinatorDriver coordinator;

  @AfterEach
  void stop() {
    if (coordinator != null) {
      coordinator.close();
    }
  }

  @Test
  void shouldAssignEveryCallOfStepAtOnceWithOneTokenAndTheirClasses() {
    coordinator = new CoordinatorDriver(stateDir);
    Assignment step = startTurn();

    coordinator.result(step, requested());

    List<SessionEvent> events = coordinator.events();
    assertThat(bodyTypes(events))
        .containsExactly(
            StepCompleted.class,
            UsageRecorded.class,
            MessageAppended.class,
            ToolCallDispatched.class,
            ToolCallDispatched.class,
            ToolCallDispatched.class);
    assertThat(((StepCompleted) events.get(0).getBody()).getToolCalls()).isEqualTo(3);
    Message assistant = ((MessageAppended) events.get(2).getBody()).getMessage();
    assertThat(assistant.getRole()).isEqualTo(Role.ASSISTANT);
    assertThat(assistant.getContent()).isEqualTo("Let me look.");
    assertThat(assistant.getToolCalls())
        .extracting(ToolCallRequest::getCallId, ToolCallRequest::getDeclaredClass)
        .containsExactly(
            tuple("c1", OperationClass.READ),
            tuple("c2", OperationClass.WRITE),
            tuple("c3", OperationClass.READ));

    List<Assignment> calls = coordinator.assignments();
    assertThat(calls).hasSize(3);
    assertThat(calls)
        .extracting(Assignment::getFencingToken, Assignment::getStep, Assignment::getAttempt)
        .containsOnly(tuple(CoordinatorDriver.FIRST + 2, 0, 0));
    assertThat(calls).extracting(Assignment::getTurnDeadline).doesNotContainNull();
    assertThat(calls)
        .extracting(a -> (ToolCallAssignment) a.getBody())
        .extracting(
            ToolCallAssignment::getCallId,
            ToolCallAssignment::getIndex,
            ToolCallAssignment::getName,
            ToolCallAssignment::getOperationClass)
        .containsExactly(
            tuple("c1", 0, "read_file", OperationClass.READ),
            tuple("c2", 1, "write_file", OperationClass.WRITE),
            tuple("c3", 2, "list_dir", OperationClass.READ));
    assertThat(calls)
        .extracting(a -> ((ToolCallAssignment) a.getBody()).getStepOperationClasses())
        .containsOnly(List.of(OperationClass.READ, OperationClass.WRITE, OperationClass.READ));
    List<SessionEvent> dispatched = events.subList(3, 6);
    assertThat(dispatched)
        .extracting(e -> ((ToolCallDispatched) e.getBody()).getAssignmentId())
        .containsExactlyElementsOf(calls.stream().map(Assignment::getAssignmentId).toList());
    assertThat(dispatched)
        .extracting(e -> (ToolCallDispatched) e.getBody())
        .extracting(ToolCallDispatched::getCallId, ToolCallDispatched::getFencingToken)
        .containsExactly(
            tuple("c1", CoordinatorDriver.FIRST + 2),
            tuple("c2", CoordinatorDriver.FIRST + 2),
            tuple("c3", CoordinatorDriver.FIRST + 2));
    List<Long> dispatchTokens =
        calls.stream().map(a -> ((ToolCallAssignment) a.getBody()).getDispatchToken()).toList();
    assertThat(dispatchTokens).first().isEqualTo(CoordinatorDriver.FIRST + 2);
    assertThat(dispatchTokens).isSorted().doesNotHaveDuplicates();
    assertThat(dispatched)
        .extracting(e -> ((ToolCallDispatched) e.getBody()).getDispatchToken())
        .containsExactlyElementsOf(dispatchTokens);
  }

  @Test
  void shouldRunAToolStepToTheNextAgentStepAndCompleteTheTurn() {
    coordinator = new CoordinatorDriver(stateDir);
    Assignment step = startTurn();
    coordinator.result(step, requested());
    coordinator.events();
    List<Assignment> calls = coordinator.assignments();

    coordinator.result(calls.get(2), finished("c3", "a.txt b.txt", false));
    coordinator.result(calls.get(1), finished("c2", "written", false));
    assertThat(coordinator.assignments()).isEmpty();
    List<SessionEvent> partial = coordinator.events();
    assertThat(bodyTypes(partial))
        .containsExactly(
            ToolCallStarted.class,
            ToolCallCompleted.class,
            ToolCallStarted.class,
            ToolCallCompleted.class);
    ToolCallStarted started = (ToolCallStarted) partial.get(0).getBody();
    assertThat(started.getStartedAt()).isEqualTo(STARTED);
    assertThat(started.getWorkerId()).isEqualTo("worker-1");
    ToolCallCompleted completed = (ToolCallCompleted) partial.get(1).getBody();
    assertThat(completed.getCallId()).isEqualTo("c3");
    assertThat(completed.getFinishedAt()).isEqualTo(FINISHED);
    assertThat(completed.getLockWaitMs()).isEqualTo(12);
    assertThat(completed.getIsError()).isFalse();
    assertThat(completed.getDispatchToken())
        .isEqualTo(((ToolCallAssignment) calls.get(2).getBody()).getDispatchToken());

    coordinator.result(calls.get(0), finished("c1", "file body", true));

    List<SessionEvent> events = coordinator.events();
    assertThat(bodyTypes(events))
        .containsExactly(
            ToolCallStarted.class,
            ToolCallCompleted.class,
            MessageAppended.class,
            MessageAppended.class,
            MessageAppended.class,
            StepAssigned.class);
    assertThat(events.subList(2, 5))
        .extracting(e -> ((MessageAppended) e.getBody()).getMessage())
        .extracting(m -> m.getToolResult().getCallId(), m -> m.getToolResult().getContent())
        .containsExactly(
            tuple("c1", "file body"), tuple("c2", "written"), tuple("c3", "a.txt b.txt"));
    assertThat(coordinator.history(SESSION))
        .extracting(e -> e.getMessage().getRole())
        .containsExactly(Role.USER, Role.ASSISTANT, Role.TOOL, Role.TOOL, Role.TOOL);

    Assignment next = coordinator.assignment();
    assertThat(next.getStep()).isEqualTo(1);
    assertThat(next.getFencingToken())
        .as("greater than every dispatch token the batch reserved")
        .isEqualTo(CoordinatorDriver.FIRST + 2 + 3 * (SessionLimits.DEFAULT_MAX_STEP_ATTEMPTS + 1));
    AgentStep agentStep = (AgentStep) next.getBody();
    assertThat(agentStep.getContext())
        .extracting(Message::getRole)
        .containsExactly(Role.USER, Role.ASSISTANT, Role.TOOL, Role.TOOL, Role.TOOL);
    assertThat(agentStep.getContext().get(1).getToolCalls()).hasSize(3);
    assertThat(agentStep.getContext().get(2).getToolResult())
        .isEqualTo(new ToolResult("c1", "file body", true));

    coordinator.answer(next, "Done.");
    List<SessionEvent> end = coordinator.events();
    assertThat(end.getLast().getBody()).isInstanceOf(TurnCompleted.class);
    assertThat(((TurnCompleted) end.getLast().getBody()).getSteps()).isEqualTo(2);
  }

  @Test
  void shouldDropDuplicateAndStaleToolResults() {
    coordinator = new CoordinatorDriver(stateDir);
    Assignment step = startTurn();
    coordinator.result(step, requested());
    coordinator.events();
    List<Assignment> calls = coordinator.assignments();
    coordinator.result(calls.get(0), finished("c1", "one", false));
    coordinator.events();

    coordinator.result(calls.get(0), finished("c1", "again", false));
    coordinator.result(step, finished("c2", "zombie", false));

    List<SessionEvent> events = coordinator.events();
    assertThat(events)
        .extracting(e -> (WorkerResultIgnored) e.getBody())
        .extracting(WorkerResultIgnored::getCallId, WorkerResultIgnored::getReason)
        .containsExactly(
            tuple("c1", IgnoreReason.DUPLICATE), tuple("c2", IgnoreReason.STALE_FENCING_TOKEN));
  }

  @Test
  void shouldRedispatchACallThatDidNotStart() {
    coordinator = new CoordinatorDriver(stateDir);
    Assignment step = startTurn();
    coordinator.result(step, requested());
    coordinator.events();
    List<Assignment> calls = coordinator.assignments();

    coordinator.result(
        calls.get(1), new ToolCallNotStarted("c2", NotStartedReason.LOCK_TIMEOUT, null));

    Assignment again = coordinator.assignment();
    assertThat(again.getFencingToken()).isEqualTo(CoordinatorDriver.FIRST + 2);
    assertThat(again.getAssignmentId()).isNotEqualTo(calls.get(1).getAssignmentId());
    assertThat(again.getBody()).isEqualTo(calls.get(1).getBody());
    assertThat(bodyTypes(coordinator.events())).containsExactly(ToolCallDispatched.class);
  }

  @Test
  void shouldSendARedispatchWithItsOwnTokenAndIgnoreTheEarlierDispatchsReports() {
    coordinator = new CoordinatorDriver(stateDir);
    List<Assignment> dispatches = c2SentAgain();
    Assignment first = dispatches.getFirst();
    Assignment again = dispatches.getLast();

    coordinator.result(
        first, new ToolCallNotStarted("c2", NotStartedReason.LOCK_UNAVAILABLE, null));

    long firstToken = ((ToolCallAssignment) first.getBody()).getDispatchToken();
    long againToken = ((ToolCallAssignment) again.getBody()).getDispatchToken();
    assertThat(again.getFencingToken()).isEqualTo(first.getFencingToken());
    assertThat(againToken).isGreaterThan(firstToken);
    assertThat(coordinator.assignments()).as("not sent again, no switch to ordered").isEmpty();
    List<SessionEvent> events = coordinator.events();
    assertThat(bodyTypes(events)).containsExactly(WorkerResultIgnored.class);
    WorkerResultIgnored ignored = (WorkerResultIgnored) events.getFirst().getBody();
    assertThat(ignored.getReason()).isEqualTo(IgnoreReason.STALE_FENCING_TOKEN);
    assertThat(ignored.getDispatchToken()).isEqualTo(firstToken);
  }

  @Test
  void shouldExtendTheLeaseOnlyOnARenewalOfTheCallsCurrentDispatch() {
    coordinator = new CoordinatorDriver(stateDir);
    List<Assignment> dispatches = c2SentAgain();
    Assignment first = dispatches.getFirst();
    Assignment again = dispatches.getLast();

    coordinator.result(first, new LeaseRenewed(60_000L, "c2"));
    coordinator.result(again, new LeaseRenewed(60_000L, "c2"));

    List<SessionEvent> events = coordinator.events();
    assertThat(bodyTypes(events)).containsExactly(WorkerResultIgnored.class, LeaseExtended.class);
    WorkerResultIgnored ignored = (WorkerResultIgnored) events.getFirst().getBody();
    assertThat(ignored.getReason()).isEqualTo(IgnoreReason.STALE_FENCING_TOKEN);
    assertThat(ignored.getCallId()).isEqualTo("c2");
    assertThat(ignored.getDispatchToken())
        .isEqualTo(((ToolCallAssignment) first.getBody()).getDispatchToken());
  }

  @Test
  void shouldFallBackToOrderedDispatchWhenAWorkerCannotReachRedis() {
    coordinator = new CoordinatorDriver(stateDir);
    Assignment step = startTurn();
    coordinator.result(step, requested());
    coordinator.events();
    List<Assignment> calls = coordinator.assignments();
    assertThat(calls)
        .extracting(a -> ((ToolCallAssignment) a.getBody()).getOrdered())
        .containsOnly(false);
    assertThat(coordinator.dispatchModeChanges("SEQUENTIAL")).isZero();

    // Redis is down: every call is reported not started; the first read goes out alone, ordered.
    coordinator.result(
        calls.get(0), new ToolCallNotStarted("c1", NotStartedReason.LOCK_UNAVAILABLE, "down"));
    List<SessionEvent> events = coordinator.events();
    assertThat(bodyTypes(events))
        .containsExactly(
            DispatchModeChanged.class,
            dev.baton.schemas.avro.ToolCallDeferred.class,
            ToolCallDispatched.class);
    DispatchModeChanged changed = (DispatchModeChanged) events.get(0).getBody();
    assertThat(changed.getFrom()).isEqualTo(DispatchMode.PARALLEL);
    assertThat(changed.getTo()).isEqualTo(DispatchMode.SEQUENTIAL);
    assertThat(changed.getReason()).startsWith("LOCK_UNAVAILABLE: worker ");
    assertThat(events.get(0).getTurnId()).isEqualTo("turn-1");
    assertThat(coordinator.dispatchModeChanges("SEQUENTIAL")).isEqualTo(1);
    Assignment first = coordinator.assignment();
    assertThat(((ToolCallAssignment) first.getBody()).getCallId()).isEqualTo("c1");
    assertThat(((ToolCallAssignment) first.getBody()).getOrdered()).isTrue();
    assertThat(first.getFencingToken()).isEqualTo(CoordinatorDriver.FIRST + 2);

    coordinator.result(
        calls.get(1), new ToolCallNotStarted("c2", NotStartedReason.LOCK_UNAVAILABLE, "down"));
    coordinator.result(
        calls.get(2), new ToolCallNotStarted("c3", NotStartedReason.LOCK_UNAVAILABLE, "down"));
    assertThat(bodyTypes(coordinator.events()))
        .as("the two calls wait for their waves")
        .containsExactly(
            dev.baton.schemas.avro.ToolCallDeferred.class,
            dev.baton.schemas.avro.ToolCallDeferred.class);
    assertThat(coordinator.assignments()).isEmpty();

    // The write goes out alone once the read finished, then the last read.
    coordinator.result(first, finished("c1", "one", false));
    assertThat(bodyTypes(coordinator.events()))
        .containsExactly(ToolCallStarted.class, ToolCallCompleted.class, ToolCallDispatched.class);
    Assignment write = coordinator.assignment();
    assertThat(((ToolCallAssignment) write.getBody()).getCallId()).isEqualTo("c2");
    assertThat(((ToolCallAssignment) write.getBody()).getOrdered()).isTrue();
    coordinator.result(write, finished("c2", "two", false));
    coordinator.events();
    Assignment last = coordinator.assignment();
    assertThat(((ToolCallAssignment) last.getBody()).getCallId()).isEqualTo("c3");
    coordinator.result(last, finished("c3", "three", false));
    assertThat(coordinator.events().getLast().getBody()).isInstanceOf(StepAssigned.class);
    assertThat(coordinator.dispatchModeChanges("SEQUENTIAL")).isEqualTo(1);
    assertThat(coordinator.dispatchModeChanges("PARALLEL")).isZero();
  }

  @Test
  void shouldMakeAToolHandlerFailureTheCallsErrorResult() {
    coordinator = new CoordinatorDriver(stateDir);
    Assignment step = startTurn();
    coordinator.result(step, requested(call("c1", "read_file", null)));
    coordinator.events();
    Assignment call = coordinator.assignment();

    coordinator.result(
        call, new StepFailed(new Failure("HANDLER_EXCEPTION", "disk on fire", null), false, "c1"));

    List<SessionEvent> events = coordinator.events();
    Message tool = ((MessageAppended) events.get(2).getBody()).getMessage();
    assertThat(tool.getToolResult())
        .isEqualTo(new ToolResult("c1", "HANDLER_EXCEPTION: disk on fire", true));
    assertThat(events.getLast().getBody()).isInstanceOf(StepAssigned.class);
  }

  @Test
  void shouldFailTurnNamingTheCallsPerStepLimit() {
    coordinator =
        new CoordinatorDriver(
            stateDir,
            TopologyOptions.builder()
                .limits(SessionLimits.builder().maxCallsPerStep(2).build())
                .build());
    Assignment step = startTurn();

    coordinator.result(step, requested());

    SessionEvent last = coordinator.events().getLast();
    TurnFailed failed = (TurnFailed) last.getBody();
    assertThat(failed.getError().getCode()).isEqualTo("LIMIT_CALLS_PER_STEP");
    assertThat(failed.getError().getMessage()).isEqualTo("LIMIT_CALLS_PER_STEP: 3 > 2");
    assertThat(coordinator.assignments()).isEmpty();
  }

  @Test
  void shouldApplyTheConfiguredOperationClassesFirst() {
    coordinator =
        new CoordinatorDriver(
            stateDir,
            TopologyOptions.builder()
                .operationClasses(
                    Map.of("read_file", dev.baton.coordinator.session.OperationClass.WRITE))
                .build());
    Assignment step = startTurn();

    coordinator.result(
        step,
        requested(
            call("c1", "read_file", OperationClass.READ),
            call("c2", "summarize", OperationClass.READ),
            call("c3", "get_weather", OperationClass.WRITE)));

    assertThat(coordinator.assignments())
        .extracting(a -> ((ToolCallAssignment) a.getBody()).getOperationClass())
        .containsExactly(OperationClass.WRITE, OperationClass.READ, OperationClass.WRITE);
  }

  @Test
  void shouldKeepTheNextStepWithinTheContextBudgetWhenToolsAnswerWithLargeOutputs() {
    coordinator = new CoordinatorDriver(stateDir);
    Assignment step = startTurn();
    // Eight reads of one 90,000-character note: 720 KB of results for a 256 KiB context.
    ToolCallRequest[] reads =
        IntStream.range(0, 8)
            .mapToObj(i -> call("c" + i, "read_note", OperationClass.READ))
            .toArray(ToolCallRequest[]::new);
    coordinator.result(step, requested(reads));
    List<Assignment> calls = coordinator.assignments();
    String note = "x".repeat(90_000);
    for (int i = 0; i < calls.size(); i++) {
      coordinator.result(calls.get(i), finished("c" + i, note, false));
    }

    Assignment next = coordinator.assignment();
    AgentStep context = (AgentStep) next.getBody();
    long contextBytes =
        context.getContext().stream()
            .mapToLong(
                m ->
                    m.getContent().length()
                        + (m.getToolResult() == null ? 0 : m.getToolResult().getContent().length()))
            .sum();
    byte[] record =
        coordinator
            .topics
            .assignments()
            .valueSerde()
            .serializer()
            .serialize(coordinator.topics.assignments().name(), next);
    assertThat(contextBytes).isLessThanOrEqualTo(TopologyOptions.DEFAULT_CONTEXT_BYTES);
    assertThat(record.length).as("the assignment's record").isLessThan(1024 * 1024);
    assertThat(context.getContext())
        .filteredOn(m -> m.getToolResult() != null)
        .hasSize(8)
        .allSatisfy(
            m -> {
              assertThat(m.getToolResult().getContent()).contains("[cut: 90000 bytes in full");
              assertThat(m.getContent()).isEmpty();
            });
    assertThat(coordinator.history(SESSION))
        .filteredOn(entry -> entry.getMessage().getToolResult() != null)
        .allSatisfy(
            entry -> {
              assertThat(entry.getMessage().getToolResult().getContent()).isEqualTo(note);
              assertThat(entry.getMessage().getContent()).as("stored once").isEmpty();
            });
  }

  /** Call c2's first dispatch and the one that went out after it reported SHUTTING_DOWN. */
  private List<Assignment> c2SentAgain() {
    Assignment step = startTurn();
    coordinator.result(step, requested());
    coordinator.events();
    Assignment first = coordinator.assignments().get(1);
    coordinator.result(first, new ToolCallNotStarted("c2", NotStartedReason.SHUTTING_DOWN, null));
    Assignment again = coordinator.assignment();
    coordinator.events();
    return List.of(first, again);
  }

  private Assignment startTurn() {
    coordinator.submit(SESSION, "turn-1", "Look at my files");
    coordinator.events();
    return coordinator.assignment();
  }

  private static ToolCallsRequested requested() {
    return requested(
        call("c1", "read_file", null),
        call("c2", "write_file", null),
        call("c3", "list_dir", null));
  }

  private static ToolCallsRequested requested(ToolCallRequest... calls) {
    return new ToolCallsRequested(
        List.of(calls), "Let me look.", new dev.baton.schemas.avro.Usage(10L, 5L, null));
  }

  private static ToolCallRequest call(String callId, String name, OperationClass declared) {
    return new ToolCallRequest(callId, name, "{\"path\":\"x\"}", declared, false);
  }

  private static ToolCallFinished finished(String callId, String content, boolean isError) {
    return new ToolCallFinished(
        callId, new ToolResult(callId, content, isError), STARTED, FINISHED, 12L);
  }

  private static List<Class<?>> bodyTypes(List<SessionEvent> events) {
    return events.stream().<Class<?>>map(e -> e.getBody().getClass()).toList();
  }
}
