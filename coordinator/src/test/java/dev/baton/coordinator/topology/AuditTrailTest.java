package dev.baton.coordinator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.coordinator.session.ApprovalPolicy;
import dev.baton.coordinator.session.SessionEvent.DispatchHeld;
import dev.baton.coordinator.session.SessionEvent.DispatchModeChanged;
import dev.baton.coordinator.session.SessionEvent.HistoryRolledBack;
import dev.baton.coordinator.session.SessionEvent.SessionExpired;
import dev.baton.coordinator.session.SessionEvent.StepCompleted;
import dev.baton.coordinator.session.SessionEvent.StepFailed;
import dev.baton.coordinator.session.SessionEvent.ToolCallWaveDispatched;
import dev.baton.coordinator.session.SessionEvent.ToolCallsDispatched;
import dev.baton.coordinator.session.SessionEvent.TurnFailed;
import dev.baton.coordinator.session.SessionEvent.TurnStarted;
import dev.baton.coordinator.session.SessionLimits;
import dev.baton.schemas.avro.AgentStep;
import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.CancelTurn;
import dev.baton.schemas.avro.CommandIgnored;
import dev.baton.schemas.avro.DecideToolCallApproval;
import dev.baton.schemas.avro.DuplicateTurnSubmitted;
import dev.baton.schemas.avro.ForkSession;
import dev.baton.schemas.avro.HistoryCleared;
import dev.baton.schemas.avro.LeaseExtended;
import dev.baton.schemas.avro.LeaseRenewed;
import dev.baton.schemas.avro.MessageAppended;
import dev.baton.schemas.avro.NotStartedReason;
import dev.baton.schemas.avro.OnBusy;
import dev.baton.schemas.avro.PauseSession;
import dev.baton.schemas.avro.RecordRejected;
import dev.baton.schemas.avro.ResumeSession;
import dev.baton.schemas.avro.SessionEvent;
import dev.baton.schemas.avro.SessionPaused;
import dev.baton.schemas.avro.SessionResumed;
import dev.baton.schemas.avro.StepAssigned;
import dev.baton.schemas.avro.StepAttemptFailed;
import dev.baton.schemas.avro.SubmitTurn;
import dev.baton.schemas.avro.ToolCallCompleted;
import dev.baton.schemas.avro.ToolCallDeferred;
import dev.baton.schemas.avro.ToolCallDispatched;
import dev.baton.schemas.avro.ToolCallFinished;
import dev.baton.schemas.avro.ToolCallNotStarted;
import dev.baton.schemas.avro.ToolCallRequest;
import dev.baton.schemas.avro.ToolCallStarted;
import dev.baton.schemas.avro.ToolCallsRequested;
import dev.baton.schemas.avro.ToolResult;
import dev.baton.schemas.avro.TurnAccepted;
import dev.baton.schemas.avro.TurnCancelled;
import dev.baton.schemas.avro.TurnCompleted;
import dev.baton.schemas.avro.TurnQueued;
import dev.baton.schemas.avro.TurnRejected;
import dev.baton.schemas.avro.TurnTimedOut;
import dev.baton.schemas.avro.Usage;
import dev.baton.schemas.avro.UsageRecorded;
import dev.baton.schemas.avro.WorkerResultIgnored;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every decision of the session model reaches the audit topic: one session lives through every kind
 * of command and timer, and after each input the records written to the session-events topic must
 * be exactly those that the model's events of that decision map to (by the table in {@link
 * #expectedBodies}, written here independently of the coordinator's mapping), carrying the
 * deadline, the retry flag and the failure code as the model decided them.
 */
class AuditTrailTest {

  private static final String SESSION = "audit-1";
  private static final Duration LEASE = Duration.ofSeconds(10);
  private static final Duration IDLE_TTL = Duration.ofHours(1);

  @TempDir Path stateDir;
  private CoordinatorDriver coordinator;
  private final List<dev.baton.coordinator.session.SessionEvent> heard = new ArrayList<>();
  private final List<Decision> decisions = new ArrayList<>();
  private List<Assignment> lastAssignments = List.of();

  /** One input's model events and the records the topic got for it. */
  private record Decision(
      List<dev.baton.coordinator.session.SessionEvent> modelEvents, List<SessionEvent> written) {}

  @BeforeEach
  void start() {
    TopologyOptions options =
        TopologyOptions.builder()
            .limits(
                SessionLimits.builder().lease(LEASE).idleTimeToLive(Optional.of(IDLE_TTL)).build())
            .timerInterval(Duration.ofMillis(100))
            .approvals(
                new ApprovalPolicy(
                    Set.of("deploy"), Duration.ofMinutes(1), ApprovalPolicy.ApprovalTimeout.DENY))
            .build();
    coordinator = new CoordinatorDriver(stateDir, options, (id, events) -> heard.addAll(events));
  }

  @AfterEach
  void stop() {
    coordinator.close();
  }

  @Test
  void shouldWriteEveryDecisionOfTheModelToTheAuditTopic() {
    liveThroughEveryKindOfDecision();

    for (Decision decision : decisions) {
      List<Class<?>> expected =
          decision.modelEvents().stream().flatMap(e -> expectedBodies(e).stream()).toList();
      List<Class<?>> written =
          decision.written().stream().<Class<?>>map(event -> event.getBody().getClass()).toList();
      assertThat(written).as("records for %s", decision.modelEvents()).isEqualTo(expected);
    }
  }

  @Test
  void shouldHaveSeenEveryModelEventTypeAndWrittenEveryBodyTheModelCanCause() {
    liveThroughEveryKindOfDecision();

    Set<Class<?>> modelTypes = new HashSet<>();
    Set<Class<?>> bodyTypes = new HashSet<>();
    for (Decision decision : decisions) {
      decision.modelEvents().forEach(event -> modelTypes.add(event.getClass()));
      decision.written().forEach(event -> bodyTypes.add(event.getBody().getClass()));
    }
    assertThat(modelTypes)
        .as("every model event type was decided")
        .containsExactlyInAnyOrderElementsOf(
            leaves(dev.baton.coordinator.session.SessionEvent.class));
    // RecordRejected is written for input the model never sees; TurnTimedOut is not written (a
    // turn past its deadline fails with LIMIT_TURN_DEADLINE).
    Set<Class<?>> notFromTheModel = Set.of(RecordRejected.class, TurnTimedOut.class);
    assertThat(bodyTypes)
        .as("every body of the session-events topic is written for some model event")
        .containsExactlyInAnyOrderElementsOf(
            unionMembers().stream().filter(type -> !notFromTheModel.contains(type)).toList());
  }

  @Test
  void shouldCarryTheDeadlineRetryFlagAndFailureCodeAsTheModelDecided() {
    liveThroughEveryKindOfDecision();

    List<String> failureCodes = new ArrayList<>();
    Set<Boolean> retryFlags = new HashSet<>();
    int deadlines = 0;
    for (Decision decision : decisions) {
      int next = 0;
      for (var event : decision.modelEvents()) {
        List<SessionEvent> records =
            decision.written().subList(next, next + expectedBodies(event).size());
        next += records.size();
        switch (event) {
          case TurnStarted started -> {
            var body = (dev.baton.schemas.avro.TurnStarted) records.getFirst().getBody();
            assertThat(Optional.ofNullable(body.getDeadline())).isEqualTo(started.deadline());
            deadlines++;
          }
          case StepFailed failed -> {
            var body = (StepAttemptFailed) records.getFirst().getBody();
            assertThat(body.getWillRetry()).isEqualTo(failed.willRetry());
            assertThat(body.getError().getCode()).isEqualTo(failed.failure().code());
            assertThat(body.getError().getMessage()).isEqualTo(failed.failure().message());
            retryFlags.add(failed.willRetry());
            failureCodes.add(failed.failure().code());
          }
          case TurnFailed failed -> {
            var body = (dev.baton.schemas.avro.TurnFailed) records.getFirst().getBody();
            assertThat(body.getError().getCode()).isEqualTo(failed.failure().code());
            assertThat(body.getSteps()).isEqualTo(failed.steps());
            failureCodes.add(failed.failure().code());
          }
          default -> {}
        }
      }
    }
    assertThat(deadlines).isGreaterThanOrEqualTo(5);
    assertThat(retryFlags).containsExactlyInAnyOrder(true, false);
    assertThat(failureCodes)
        .contains("MODEL_ERROR", "LEASE_EXPIRED", "LIMIT_TURN_DEADLINE", "INVALID_TOOL_CALLS");
  }

  /** The records the audit topic gets for one model event, by body type, in order. */
  private static List<Class<?>> expectedBodies(dev.baton.coordinator.session.SessionEvent event) {
    return switch (event) {
      case dev.baton.coordinator.session.SessionEvent.TurnAccepted e -> List.of(TurnAccepted.class);
      case dev.baton.coordinator.session.SessionEvent.TurnQueued e -> List.of(TurnQueued.class);
      case dev.baton.coordinator.session.SessionEvent.TurnSteered e ->
          List.of(dev.baton.schemas.avro.TurnSteered.class);
      case dev.baton.coordinator.session.SessionEvent.TurnMerged e ->
          List.of(dev.baton.schemas.avro.TurnMerged.class);
      case TurnStarted e -> List.of(dev.baton.schemas.avro.TurnStarted.class);
      case dev.baton.coordinator.session.SessionEvent.TurnRejected e -> List.of(TurnRejected.class);
      case dev.baton.coordinator.session.SessionEvent.DuplicateTurnSubmitted e ->
          List.of(DuplicateTurnSubmitted.class);
      case dev.baton.coordinator.session.SessionEvent.MessageAppended e ->
          List.of(MessageAppended.class);
      case dev.baton.coordinator.session.SessionEvent.StepAssigned e ->
          e.delivered().isEmpty()
              ? List.of(StepAssigned.class)
              : List.of(dev.baton.schemas.avro.SteeredInputsDelivered.class, StepAssigned.class);
      case StepCompleted e ->
          List.of(dev.baton.schemas.avro.StepCompleted.class, UsageRecorded.class);
      case StepFailed e -> List.of(StepAttemptFailed.class, UsageRecorded.class);
      case dev.baton.coordinator.session.SessionEvent.StepResultIgnored e ->
          List.of(WorkerResultIgnored.class);
      case ToolCallsDispatched e ->
          e.held()
              ? e.heldWhilePaused() ? List.of(dev.baton.schemas.avro.DispatchHeld.class) : List.of()
              : e.mode() == dev.baton.coordinator.session.DispatchMode.PARALLEL
                  ? times(e.calls().size(), ToolCallDispatched.class)
                  : List.of();
      case dev.baton.coordinator.session.SessionEvent.ToolCallRedispatched e ->
          List.of(ToolCallDispatched.class);
      case ToolCallWaveDispatched e -> times(e.calls().size(), ToolCallDispatched.class);
      case DispatchModeChanged e -> List.of(dev.baton.schemas.avro.DispatchModeChanged.class);
      case dev.baton.coordinator.session.SessionEvent.ToolCallDeferred e ->
          List.of(ToolCallDeferred.class);
      case dev.baton.coordinator.session.SessionEvent.ToolCallFinished e ->
          List.of(ToolCallStarted.class, ToolCallCompleted.class);
      case dev.baton.coordinator.session.SessionEvent.ToolResultIgnored e ->
          List.of(WorkerResultIgnored.class);
      case dev.baton.coordinator.session.SessionEvent.HistoryCleared e ->
          List.of(HistoryCleared.class);
      case dev.baton.coordinator.session.SessionEvent.TurnCompleted e ->
          List.of(TurnCompleted.class);
      case TurnFailed e -> List.of(dev.baton.schemas.avro.TurnFailed.class);
      case dev.baton.coordinator.session.SessionEvent.TurnCancelled e ->
          List.of(TurnCancelled.class);
      case dev.baton.coordinator.session.SessionEvent.CommandIgnored e ->
          List.of(CommandIgnored.class);
      case dev.baton.coordinator.session.SessionEvent.SessionPaused e ->
          List.of(SessionPaused.class);
      case dev.baton.coordinator.session.SessionEvent.SessionResumed e ->
          List.of(SessionResumed.class);
      case dev.baton.coordinator.session.SessionEvent.LeaseExtended e ->
          List.of(LeaseExtended.class);
      case DispatchHeld e -> List.of(dev.baton.schemas.avro.DispatchHeld.class);
      case dev.baton.coordinator.session.SessionEvent.SessionForked e ->
          List.of(dev.baton.schemas.avro.SessionForked.class);
      case dev.baton.coordinator.session.SessionEvent.ForkRefused e ->
          List.of(dev.baton.schemas.avro.ForkRefused.class);
      case HistoryRolledBack e -> List.of(HistoryCleared.class);
      case SessionExpired e ->
          List.of(HistoryCleared.class, dev.baton.schemas.avro.SessionExpired.class);
      case dev.baton.coordinator.session.SessionEvent.ToolCallAwaitingApproval e ->
          List.of(dev.baton.schemas.avro.ToolCallAwaitingApproval.class);
      case dev.baton.coordinator.session.SessionEvent.ToolCallApprovalDecided e ->
          List.of(dev.baton.schemas.avro.ToolCallApprovalDecided.class);
      case dev.baton.coordinator.session.SessionEvent.ApprovalRefused e ->
          List.of(dev.baton.schemas.avro.ApprovalRefused.class);
    };
  }

  /**
   * One session through every kind of decision: submits of every outcome, cancels, lease renewals
   * and expiry, retries, stale and duplicate results, tool calls in parallel and ordered dispatch,
   * pauses while work is due, a rollback, failures, a deadline and the idle time to live.
   */
  private void liveThroughEveryKindOfDecision() {
    Assignment first = decide(() -> coordinator.submit(SESSION, "t1", "hello"));
    decide(() -> coordinator.submit(SESSION, "t1", "hello"));
    decide(() -> coordinator.submit(SESSION, "t2", "too soon"));
    decide(() -> coordinator.submit(SESSION, "t3", "later", OnBusy.ENQUEUE));
    decide(() -> coordinator.submit(SESSION, "t3b", "and this later", OnBusy.MERGE));
    decide(() -> coordinator.command(SESSION, new CancelTurn("t3", "changed my mind")));
    decide(() -> coordinator.command(SESSION, new CancelTurn("nope", null)));
    decide(() -> coordinator.result(first, new LeaseRenewed(LEASE.toMillis(), null)));
    Assignment retry = decide(() -> coordinator.fail(first, true));
    decide(() -> coordinator.answer(first, "a zombie's late answer"));
    Assignment again =
        decide(() -> coordinator.result(retry, calls(call("c1", "read_a"), call("c1", "read_b"))));
    decide(
        () ->
            coordinator.result(
                again, calls(call("c1", "read_a"), call("c2", "write_b"), call("c3", "list_c"))));
    List<Assignment> tools = lastAssignments;
    Assignment c2 = decide(() -> notStarted(tools.get(1), "c2", NotStartedReason.LOCK_TIMEOUT));
    decide(() -> coordinator.submit(SESSION, "s1", "steer this way", OnBusy.STEER));
    decide(() -> coordinator.result(tools.get(0), finished("c1")));
    decide(() -> coordinator.result(tools.get(0), finished("c1")));
    decide(() -> notStarted(tools.get(2), "c3", NotStartedReason.LOCK_UNAVAILABLE));
    decide(() -> coordinator.command(SESSION, new PauseSession("maintenance")));
    decide(() -> coordinator.result(c2, finished("c2")));
    Assignment c3 = decide(() -> coordinator.command(SESSION, new ResumeSession(null)));
    Assignment step3 = decide(() -> coordinator.result(c3, finished("c3")));
    assertThat(((AgentStep) step3.getBody()).getSteeredSeqs()).hasSize(1);
    decide(() -> coordinator.command(SESSION, new PauseSession(null)));
    decide(() -> coordinator.result(step3, calls(call("c4", "read_d"))));
    Assignment c4 = decide(() -> coordinator.command(SESSION, new ResumeSession("back")));
    decide(() -> coordinator.command(SESSION, new PauseSession(null)));
    decide(() -> coordinator.result(c4, finished("c4")));
    Assignment step4 = decide(() -> coordinator.command(SESSION, new ResumeSession(null)));
    Assignment c5 =
        decide(() -> coordinator.result(step4, calls(call("c5", "read_e"), call("c6", "deploy"))));
    decide(() -> approval("c5", true));
    decide(() -> approval("c6", true));
    // The turn went to ordered dispatch before: the approved write waits for the read before it.
    Assignment c6 = decide(() -> coordinator.result(c5, finished("c5")));
    Assignment step5 = decide(() -> coordinator.result(c6, finished("c6")));
    decide(() -> coordinator.answer(step5, "done"));
    decide(() -> coordinator.command(SESSION, new ForkSession("fork-1", 2L)));
    decide(() -> coordinator.command(SESSION, new ForkSession("fork-2", 999L)));
    decide(() -> coordinator.clearHistory(SESSION));
    decide(() -> coordinator.submit(SESSION, "t4", "one thing"));
    Assignment t5 = decide(() -> coordinator.submit(SESSION, "t5", "another", OnBusy.ROLLBACK));
    decide(() -> coordinator.fail(t5, false));
    decide(() -> submitWithDeadline("t6", Duration.ofSeconds(1)));
    decide(() -> coordinator.advanceWallClock(Duration.ofSeconds(2)));
    decide(() -> coordinator.submit(SESSION, "t7", "slow worker"));
    Assignment t7 = decide(() -> coordinator.advanceWallClock(LEASE.plusSeconds(1)));
    decide(() -> coordinator.answer(t7, "finally"));
    decide(() -> coordinator.advanceWallClock(IDLE_TTL.plusSeconds(1)));
  }

  /**
   * Runs one input and records the model's events of it and the records written for it; answers the
   * latest assignment it wrote, if any.
   */
  private Assignment decide(Runnable input) {
    heard.clear();
    input.run();
    decisions.add(new Decision(List.copyOf(heard), coordinator.events()));
    lastAssignments = coordinator.assignments();
    return lastAssignments.isEmpty() ? null : lastAssignments.getLast();
  }

  private void submitWithDeadline(String turnId, Duration deadline) {
    coordinator.command(
        SESSION,
        new SubmitTurn(turnId, "quick", OnBusy.REJECT, deadline.toMillis(), Map.of(), null));
  }

  private void approval(String callId, boolean approve) {
    coordinator.command(
        SESSION,
        new DecideToolCallApproval("t1", callId, approve, "{\"to\":\"staging\"}", "ok", "op"));
  }

  private void notStarted(Assignment call, String callId, NotStartedReason reason) {
    coordinator.result(call, new ToolCallNotStarted(callId, reason, "test"));
  }

  private static ToolCallsRequested calls(ToolCallRequest... calls) {
    return new ToolCallsRequested(List.of(calls), "", new Usage(10L, 5L, null));
  }

  private static ToolCallRequest call(String callId, String name) {
    return new ToolCallRequest(callId, name, "{}", null, false);
  }

  private static ToolCallFinished finished(String callId) {
    Instant at = CoordinatorDriver.T0;
    return new ToolCallFinished(callId, new ToolResult(callId, "ok", false), at, at, 0L);
  }

  private static List<Class<?>> times(int n, Class<?> type) {
    return Stream.<Class<?>>generate(() -> type).limit(n).toList();
  }

  /** The record types of a sealed family, through nested sealed interfaces. */
  private static List<Class<?>> leaves(Class<?> sealed) {
    return Stream.of(sealed.getPermittedSubclasses())
        .flatMap(type -> type.isSealed() ? leaves(type).stream() : Stream.of(type))
        .toList();
  }

  private static List<Class<?>> unionMembers() {
    Schema body = SessionEvent.getClassSchema().getField("body").schema();
    return body.getTypes().stream().map(AuditTrailTest::classOf).toList();
  }

  private static Class<?> classOf(Schema schema) {
    try {
      return Class.forName(schema.getFullName());
    } catch (ClassNotFoundException e) {
      throw new AssertionError("no generated class for " + schema.getFullName(), e);
    }
  }
}
