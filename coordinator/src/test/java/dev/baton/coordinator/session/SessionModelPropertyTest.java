package dev.baton.coordinator.session;

import static dev.baton.coordinator.session.SessionFixture.NOW;
import static dev.baton.coordinator.session.SessionFixture.SESSION;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.coordinator.session.SessionCommand.CancelTurn;
import dev.baton.coordinator.session.SessionCommand.CheckTimers;
import dev.baton.coordinator.session.SessionCommand.ClearHistory;
import dev.baton.coordinator.session.SessionCommand.CompleteStep;
import dev.baton.coordinator.session.SessionCommand.DecideToolCallApproval;
import dev.baton.coordinator.session.SessionCommand.FailStep;
import dev.baton.coordinator.session.SessionCommand.FinishToolCall;
import dev.baton.coordinator.session.SessionCommand.ForkSession;
import dev.baton.coordinator.session.SessionCommand.PauseSession;
import dev.baton.coordinator.session.SessionCommand.RefuseFork;
import dev.baton.coordinator.session.SessionCommand.RenewLease;
import dev.baton.coordinator.session.SessionCommand.ReportToolCallNotStarted;
import dev.baton.coordinator.session.SessionCommand.RequestToolCalls;
import dev.baton.coordinator.session.SessionCommand.ResumeSession;
import dev.baton.coordinator.session.SessionCommand.SeedFork;
import dev.baton.coordinator.session.SessionCommand.SubmitTurn;
import dev.baton.coordinator.session.SessionEvent.DuplicateTurnSubmitted;
import dev.baton.coordinator.session.SessionEvent.HistoryCleared;
import dev.baton.coordinator.session.SessionEvent.HistoryRolledBack;
import dev.baton.coordinator.session.SessionEvent.MessageAppended;
import dev.baton.coordinator.session.SessionEvent.SessionExpired;
import dev.baton.coordinator.session.SessionEvent.StepAssigned;
import dev.baton.coordinator.session.SessionEvent.StepCompleted;
import dev.baton.coordinator.session.SessionEvent.StepFailed;
import dev.baton.coordinator.session.SessionEvent.StepResultIgnored;
import dev.baton.coordinator.session.SessionEvent.ToolCallApprovalDecided;
import dev.baton.coordinator.session.SessionEvent.ToolCallAwaitingApproval;
import dev.baton.coordinator.session.SessionEvent.ToolCallRedispatched;
import dev.baton.coordinator.session.SessionEvent.ToolCallWaveDispatched;
import dev.baton.coordinator.session.SessionEvent.ToolCallsDispatched;
import dev.baton.coordinator.session.SessionEvent.ToolResultIgnored;
import dev.baton.coordinator.session.SessionEvent.TurnAccepted;
import dev.baton.coordinator.session.SessionEvent.TurnCancelled;
import dev.baton.coordinator.session.SessionEvent.TurnEnded;
import dev.baton.coordinator.session.SessionEvent.TurnMerged;
import dev.baton.coordinator.session.SessionEvent.TurnQueued;
import dev.baton.coordinator.session.SessionEvent.TurnRejected;
import dev.baton.coordinator.session.SessionEvent.TurnStarted;
import dev.baton.coordinator.session.SessionEvent.TurnSteered;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Random command sequences, checked against the model's invariants after every decision. */
class SessionModelPropertyTest {

  private static final int RUNS = 300;
  private static final int COMMANDS_PER_RUN = 200;

  /** Calls of {@code write_1} need approval, as do those a worker declares; denied after 20 s. */
  private static final ApprovalPolicy APPROVALS =
      new ApprovalPolicy(
          Set.of("write_1"), Duration.ofSeconds(20), ApprovalPolicy.ApprovalTimeout.DENY);

  private static final SessionLimits LIMITS =
      SessionLimits.builder()
          .queueCapacity(3)
          .rememberedTurns(5)
          .turnIdWindow(Duration.ofSeconds(90))
          .maxStepAttempts(2)
          .maxStepsPerTurn(3)
          .maxCallsPerStep(2)
          .lease(Duration.ofSeconds(10))
          .idleTimeToLive(Optional.of(Duration.ofSeconds(60)))
          .build();

  @Test
  void shouldKeepInvariantsForRandomCommandSequences() {
    Set<Object> seen = new HashSet<>();
    for (long seed = 1; seed <= RUNS; seed++) {
      try {
        seen.addAll(new Run(new Random(seed)).run());
      } catch (AssertionError e) {
        throw new AssertionError("invariant broken with seed " + seed + ": " + e.getMessage(), e);
      }
    }
    assertThat(seen)
        .as("the generator reaches every event, rejection and ignore reason")
        .containsAll(everyOutcome());
  }

  private static List<Object> everyOutcome() {
    List<Object> all = new ArrayList<>();
    for (Class<?> type : SessionEvent.class.getPermittedSubclasses()) {
      all.addAll(type.isInterface() ? List.of(type.getPermittedSubclasses()) : List.of(type));
    }
    all.addAll(
        List.of(
            RejectionCode.SESSION_BUSY,
            RejectionCode.QUEUE_FULL,
            RejectionCode.SESSION_PAUSED,
            RejectionCode.TURN_ID_REUSED));
    all.add(RejectionCode.EMPTY_INPUT);
    all.addAll(List.of(IgnoreReason.values()));
    return all;
  }

  /** One random sequence; it tracks what the event log says, independently of the state. */
  private static final class Run {
    private final SessionModel model =
        new SessionModel(LIMITS, OperationClassifier.defaults(), APPROVALS);
    private final Set<String> awaitingApproval = new HashSet<>();
    private final Random random;
    private final List<SessionEvent> log = new ArrayList<>();
    private final java.util.TreeMap<Long, Message> history = new java.util.TreeMap<>();
    private SessionState state = SessionState.empty(SESSION);
    private String runningTurn;
    private long expectedSeq = SessionState.FIRST_SEQ;
    private long clearedUpTo = SessionState.FIRST_SEQ;
    private long lastToken;
    private boolean newLife = true;
    private final TurnIdOracle turnIds = new TurnIdOracle(LIMITS);
    private final Map<Integer, Long> dispatchTokens = new HashMap<>();
    private StepAttempt outstanding;
    private Instant now = NOW;

    Run(Random random) {
      this.random = random;
    }

    /** Runs the sequence; answers the event types and reasons it produced. */
    Set<Object> run() {
      Set<Object> seen = new HashSet<>();
      for (int i = 0; i < COMMANDS_PER_RUN; i++) {
        now = now.plusMillis(random.nextInt(6_000));
        SessionCommand command = i % 25 == 0 ? forkCommand(i) : nextCommand();
        Decision decision = model.decide(state, command, now);
        List<SessionEvent> events = decision.events();
        if (!(command instanceof CheckTimers)) {
          assertThat(events).isNotEmpty();
        }
        if (command instanceof SubmitTurn submit) {
          assertThat(
                  withoutRequeued(events).stream().map(Run::submitAnswer).flatMap(Optional::stream))
              .as("the submit's answer: started, queued, rejected or duplicate")
              .first()
              .isEqualTo(submit.turnId());
          checkAcceptedBeforeItStarts(events, submit);
        }
        checkTurnIds(command, events);
        events.forEach(this::check);
        events.stream()
            .filter(TurnEnded.class::isInstance)
            .forEach(ended -> checkTranscript(((TurnEnded) ended).turnId()));
        checkOrderedDispatch(events);
        events.forEach(event -> seen.addAll(outcomes(event)));
        state = model.applyAll(state, events);
        assertThat(decision.state()).isEqualTo(state);
        log.addAll(events);
        checkState();
      }
      assertThat(model.applyAll(SessionState.empty(SESSION), log)).isEqualTo(state);
      return seen;
    }

    /**
     * A submit that starts or queues its turn says so first with a {@code TurnAccepted} of the same
     * input; a submit that does neither accepts nothing.
     */
    private static void checkAcceptedBeforeItStarts(
        List<SessionEvent> allEvents, SubmitTurn submit) {
      List<SessionEvent> events = withoutRequeued(allEvents);
      for (int i = 0; i < events.size(); i++) {
        boolean startsOrQueues =
            (events.get(i) instanceof TurnStarted started
                    && started.turnId().equals(submit.turnId()))
                || (events.get(i) instanceof TurnQueued queued
                    && queued.turnId().equals(submit.turnId()))
                || events.get(i) instanceof TurnSteered
                || events.get(i) instanceof TurnMerged;
        boolean accepted =
            i > 0
                && events.get(i - 1) instanceof TurnAccepted a
                && a.turnId().equals(submit.turnId())
                && a.input().equals(submit.input());
        if (startsOrQueues) {
          assertThat(accepted).as("TurnAccepted right before %s", events.get(i)).isTrue();
        }
      }
      long accepts = events.stream().filter(TurnAccepted.class::isInstance).count();
      assertThat(accepts).isLessThanOrEqualTo(1);
    }

    /** A submit's answer is the one its turn id and input call for; see {@link TurnIdOracle}. */
    private void checkTurnIds(SessionCommand command, List<SessionEvent> events) {
      boolean answered = false;
      for (SessionEvent event : events) {
        if (!answered && command instanceof SubmitTurn submit && answers(event, submit)) {
          turnIds.checkAnswer(submit, event, now);
          answered = true;
        }
        turnIds.apply(event);
      }
    }

    /** Whether {@code event} answers {@code submit}, or accepts it, which comes first. */
    private static boolean answers(SessionEvent event, SubmitTurn submit) {
      boolean accepts = event instanceof TurnAccepted a && a.turnId().equals(submit.turnId());
      return accepts || submitAnswer(event).equals(Optional.of(submit.turnId()));
    }

    /**
     * {@code events} without the {@code TurnQueued} and {@code TurnMerged} events right after a
     * turn's end: the inputs steered into the turn that it did not deliver, queued as the next
     * turn.
     */
    private static List<SessionEvent> withoutRequeued(List<SessionEvent> events) {
      List<SessionEvent> kept = new ArrayList<>();
      boolean afterEnd = false;
      for (SessionEvent event : events) {
        boolean requeued = afterEnd && (event instanceof TurnQueued || event instanceof TurnMerged);
        afterEnd = event instanceof TurnEnded || requeued;
        if (!requeued) {
          kept.add(event);
        }
      }
      return kept;
    }

    /** The turn id if {@code event} answers a submit. */
    private static Optional<String> submitAnswer(SessionEvent event) {
      return switch (event) {
        case TurnStarted e -> Optional.of(e.turnId());
        case TurnQueued e -> Optional.of(e.turnId());
        case TurnSteered e -> Optional.of(e.turnId());
        case TurnMerged e -> Optional.of(e.turnId());
        case TurnRejected e -> Optional.of(e.turnId());
        case DuplicateTurnSubmitted e -> Optional.of(e.turnId());
        default -> Optional.empty();
      };
    }

    private static List<Object> outcomes(SessionEvent event) {
      return switch (event) {
        case TurnRejected rejected -> List.of(TurnRejected.class, rejected.code());
        case StepResultIgnored ignored -> List.of(StepResultIgnored.class, ignored.reason());
        case ToolResultIgnored ignored -> List.of(ToolResultIgnored.class, ignored.reason());
        default -> List.of(event.getClass());
      };
    }

    private SessionCommand nextCommand() {
      boolean timerDue =
          SessionTimers.nextDue(state, LIMITS).filter(due -> !now.isBefore(due)).isPresent();
      if (timerDue && random.nextInt(4) == 0) {
        return new CheckTimers(SESSION); // as the coordinator's timer punctuator sends it
      }
      int dice = random.nextInt(12);
      if (dice < 4) {
        String turnId = "t" + random.nextInt(40);
        String input =
            switch (random.nextInt(20)) {
              case 0 -> " ";
              case 1, 2 -> "another input " + turnId;
              default -> "input " + turnId;
            };
        OnBusy onBusy =
            random.nextInt(4) == 0
                ? OnBusy.values()[random.nextInt(OnBusy.values().length)]
                : OnBusy.values()[random.nextInt(2)];
        Optional<Duration> debounce =
            random.nextInt(10) == 0
                ? Optional.of(Duration.ofMillis(1 + random.nextInt(1_000)))
                : Optional.empty();
        return new SubmitTurn(SESSION, turnId, input, onBusy, Optional.empty(), Map.of(), debounce);
      }
      if (dice == 4) {
        return random.nextInt(3) == 0 ? new ClearHistory(SESSION) : new CheckTimers(SESSION);
      }
      if (dice == 5) {
        return controlCommand();
      }
      ToolBatch batch = state.activeTurn().flatMap(ActiveTurn::tools).orElse(null);
      if (batch != null && random.nextInt(6) == 0) {
        return approvalDecision(batch);
      }
      if (batch != null && random.nextInt(4) != 0) {
        return toolResult(batch.assignment(), batch);
      }
      StepAttempt target = resultTarget();
      return switch (random.nextInt(batch != null ? 4 : 3)) {
        case 0 -> new CompleteStep(SESSION, target, "answer", new Usage(1, 1), "w");
        case 1 ->
            new FailStep(
                SESSION,
                target,
                Failure.reported("E", "error", Optional.empty()),
                random.nextBoolean(),
                new Usage(1, 1),
                "w");
        case 2 -> requestCalls(target);
        default -> toolResult(target, batch);
      };
    }

    /**
     * A fork of this session at a seq in or out of its history, a seed (taken only by an unused
     * session: the first command of a run is one), or a source's refusal.
     */
    private SessionCommand forkCommand(int i) {
      List<Message> seed =
          List.of(
              new Message(1, Message.Role.USER, "forked input", "t-src"),
              new Message(2, Message.Role.ASSISTANT, "forked answer", "t-src"));
      int dice = i == 0 ? 1 : random.nextInt(3);
      return switch (dice) {
        case 0 -> {
          long range = state.nextSeq() - state.historyStart() + 2;
          yield new ForkSession(
              SESSION, "s-fork", state.historyStart() - 1 + random.nextLong(range));
        }
        case 1 -> new SeedFork(SESSION, "s-src", 2, seed);
        default ->
            new RefuseFork(SESSION, "s-src", 7, ForkRefusal.SEQ_OUT_OF_RANGE, "not in range");
      };
    }

    /** A cancel of a known or unknown turn, a pause, a resume, or a lease renewal. */
    private SessionCommand controlCommand() {
      return switch (random.nextInt(5)) {
        case 0 -> {
          String turnId =
              state.queue().isEmpty() || random.nextBoolean()
                  ? state.activeTurn().map(ActiveTurn::turnId).orElse("t" + random.nextInt(40))
                  : state.queue().getFirst().turnId();
          CancelReason reason = random.nextBoolean() ? CancelReason.CANCELLED : CancelReason.KILLED;
          yield new CancelTurn(SESSION, turnId, reason, Optional.empty());
        }
        case 1 -> new PauseSession(SESSION, Optional.empty());
        case 2 -> new ResumeSession(SESSION, Optional.empty());
        default -> renewLease();
      };
    }

    /** A renewal of the agent step, or of one dispatch (maybe an earlier one) of a tool call. */
    private RenewLease renewLease() {
      ToolBatch batch = state.activeTurn().flatMap(ActiveTurn::tools).orElse(null);
      if (batch == null) {
        return new RenewLease(SESSION, resultTarget(), "w-1");
      }
      ToolCall call = batch.calls().get(random.nextInt(batch.calls().size()));
      return new RenewLease(
          SESSION,
          batch.assignment(),
          "w-1",
          Optional.of(call.callId()),
          batch.dispatchToken(call.index(), 1 + random.nextInt(3)));
    }

    /**
     * A decision on a call of {@code batch}, mostly one that awaits approval; sometimes of another
     * turn, or edited arguments.
     */
    private SessionCommand approvalDecision(ToolBatch batch) {
      List<ToolCall> awaiting = batch.callsAwaitingApproval();
      ToolCall call =
          !awaiting.isEmpty() && random.nextInt(4) != 0
              ? awaiting.get(random.nextInt(awaiting.size()))
              : batch.calls().get(random.nextInt(batch.calls().size()));
      String turnId =
          random.nextInt(8) == 0 ? "t" + random.nextInt(40) : batch.assignment().turnId();
      Optional<String> edited =
          random.nextBoolean() ? Optional.empty() : Optional.of("{\"edited\":true}");
      return new DecideToolCallApproval(
          SESSION, turnId, call.callId(), random.nextBoolean(), edited, Optional.empty(), "p");
    }

    /** One to three calls; sometimes two with the same id. */
    private SessionCommand requestCalls(StepAttempt target) {
      int count = 1 + random.nextInt(3);
      List<ToolCallRequest> calls = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String callId = random.nextInt(15) == 0 ? "c0" : "c" + i;
        String name = (random.nextInt(3) == 0 ? "write_" : "read_") + i;
        boolean declaredApproval = random.nextInt(8) == 0;
        calls.add(new ToolCallRequest(callId, name, "{}", Optional.empty(), declaredApproval));
      }
      return new RequestToolCalls(SESSION, target, "", calls, new Usage(1, 1), "w");
    }

    /** A result or a not-started report, mostly for a call of {@code batch}. */
    private SessionCommand toolResult(StepAttempt target, ToolBatch batch) {
      String callId =
          random.nextInt(10) == 0
              ? "unknown"
              : batch.calls().get(random.nextInt(batch.calls().size())).callId();
      return random.nextInt(5) == 0
          ? new ReportToolCallNotStarted(
              SESSION,
              target,
              callId,
              random.nextBoolean()
                  ? NotStartedReason.LOCK_TIMEOUT
                  : NotStartedReason.LOCK_UNAVAILABLE,
              "w-1",
              reportedDispatch(batch, callId))
          : new FinishToolCall(
              SESSION,
              target,
              new ToolResult(callId, "result", false),
              NOW,
              NOW,
              0,
              "w-1",
              reportedDispatch(batch, callId));
    }

    /**
     * A dispatch of {@code call} with {@code token}: within the batch's tokens, not lower than the
     * call's earlier dispatches, greater than every dispatch of an earlier call.
     */
    private void dispatchToken(ToolCall call, long token) {
      assertThat(token).isLessThanOrEqualTo(lastToken);
      assertThat(token).isGreaterThanOrEqualTo(dispatchTokens.getOrDefault(call.index(), 0L));
      dispatchTokens.entrySet().stream()
          .filter(earlier -> earlier.getKey() < call.index())
          .forEach(earlier -> assertThat(token).isGreaterThan(earlier.getValue()));
      dispatchTokens.put(call.index(), token);
    }

    /** The current dispatch of {@code callId}'s token, or a random earlier or unknown one. */
    private OptionalLong reportedDispatch(ToolBatch batch, String callId) {
      OptionalLong current =
          batch.call(callId).map(call -> batch.currentDispatchToken(call.index())).orElse(null);
      if (current == null || current.isEmpty() || random.nextInt(3) == 0) {
        return OptionalLong.empty(); // as a worker that predates dispatch tokens
      }
      return OptionalLong.of(current.getAsLong() - (random.nextInt(4) == 0 ? 1 : 0));
    }

    /** Mostly the current assignment; sometimes a stale, future or foreign one. */
    private StepAttempt resultTarget() {
      StepAttempt current = state.activeTurn().flatMap(ActiveTurn::assignment).orElse(null);
      if (current != null && random.nextInt(4) != 0) {
        return current;
      }
      String turnId =
          current != null && random.nextBoolean() ? current.turnId() : "t" + random.nextInt(40);
      long token = Math.max(1, state.lastFencingToken() + 2 - random.nextInt(4));
      return new StepAttempt(turnId, 1, 1 + random.nextInt(2), token);
    }

    /**
     * In ordered dispatch a call goes out only when every earlier unfinished call is a READ and so
     * is the call itself; a new turn starts in PARALLEL.
     */
    private void checkOrderedDispatch(List<SessionEvent> events) {
      SessionState before = state;
      for (SessionEvent event : events) {
        if (before.paused()) {
          assertThat(event)
              .as("nothing goes out while the session is paused")
              .isNotInstanceOfAny(
                  TurnStarted.class,
                  StepAssigned.class,
                  ToolCallRedispatched.class,
                  ToolCallWaveDispatched.class);
          if (event instanceof ToolCallsDispatched dispatched) {
            assertThat(dispatched.held()).isTrue();
          }
        }
        if (event instanceof ToolCallWaveDispatched wave
            && before.activeTurn().flatMap(ActiveTurn::tools).orElseThrow().mode()
                == DispatchMode.SEQUENTIAL) {
          ToolBatch batch = before.activeTurn().flatMap(ActiveTurn::tools).orElseThrow();
          for (ToolCall call : wave.calls()) {
            assertThat(batch.waiting()).contains(call.index());
            for (ToolCall earlier : batch.calls().subList(0, call.index())) {
              if (batch.result(earlier.callId()).isEmpty()) {
                assertThat(List.of(earlier.operationClass(), call.operationClass()))
                    .as("%s goes out while %s is unfinished", call, earlier)
                    .containsOnly(OperationClass.READ);
              }
            }
          }
        }
        before = model.apply(before, event);
        if (event instanceof TurnStarted) {
          assertThat(before.activeTurn().orElseThrow().dispatchMode())
              .isEqualTo(DispatchMode.PARALLEL);
        }
      }
    }

    private void check(SessionEvent event) {
      switch (event) {
        case TurnStarted started -> {
          assertThat(runningTurn).as("active turn when %s starts", started.turnId()).isNull();
          runningTurn = started.turnId();
        }
        case TurnEnded ended -> {
          if (ended.turnId().equals(runningTurn)) {
            runningTurn = null;
            outstanding = null;
          } else {
            assertThat(ended).isInstanceOf(TurnCancelled.class);
            assertThat(state.queue()).extracting(QueuedTurn::turnId).contains(ended.turnId());
          }
        }
        case HistoryRolledBack rolledBack -> {
          history.subMap(rolledBack.removed().fromSeq(), rolledBack.removed().toSeq()).clear();
          assertThat(rolledBack.removed().toSeq()).isEqualTo(expectedSeq);
          assertThat(rolledBack.removed().fromSeq()).isGreaterThanOrEqualTo(clearedUpTo);
          expectedSeq = rolledBack.removed().fromSeq();
        }
        case SessionExpired expired -> {
          history.clear();
          assertThat(runningTurn).isNull();
          expectedSeq = SessionState.FIRST_SEQ;
          clearedUpTo = SessionState.FIRST_SEQ;
          newLife = true; // Its tokens go on growing: none of them repeats for the session id.
        }
        case MessageAppended appended -> {
          history.put(appended.message().seq(), appended.message());
          assertThat(appended.message().seq()).isEqualTo(expectedSeq);
          expectedSeq++;
        }
        case HistoryCleared cleared -> {
          history.subMap(cleared.cleared().fromSeq(), cleared.cleared().toSeq()).clear();
          assertThat(cleared.cleared().fromSeq()).isEqualTo(clearedUpTo);
          assertThat(cleared.cleared().toSeq()).isLessThanOrEqualTo(expectedSeq);
          clearedUpTo = cleared.cleared().toSeq();
        }
        case StepAssigned assigned -> {
          assertThat(assigned.assignment().turnId()).isEqualTo(runningTurn);
          checkNextToken(assigned.assignment());
          assertThat(assigned.context().fromSeq()).isGreaterThanOrEqualTo(clearedUpTo);
          assertThat(assigned.context().toSeq()).isEqualTo(expectedSeq);
          lastToken = assigned.assignment().fencingToken();
          outstanding = assigned.assignment();
          for (SteeredMessage delivered : assigned.delivered()) {
            Message message = history.get(delivered.seq());
            assertThat(message.role()).isEqualTo(Message.Role.USER);
            assertThat(message.turnId()).isEqualTo(runningTurn);
            assertThat(InputDigest.of(message.content())).isEqualTo(delivered.inputDigest());
          }
        }
        case ToolCallsDispatched dispatched -> {
          assertThat(dispatched.assignment().turnId()).isEqualTo(runningTurn);
          checkNextToken(dispatched.assignment());
          lastToken = dispatched.lastToken();
          dispatchTokens.clear();
          awaitingApproval.clear();
          if (dispatched.outNow()) {
            dispatched.calls().forEach(call -> dispatchToken(call, dispatched.dispatchToken(call)));
          }
        }
        case ToolCallRedispatched redispatched -> {
          assertThat(awaitingApproval).doesNotContain(redispatched.call().callId());
          dispatchToken(redispatched.call(), redispatched.dispatchToken());
        }
        case ToolCallAwaitingApproval awaiting -> awaitingApproval.add(awaiting.call().callId());
        case ToolCallApprovalDecided decided ->
            assertThat(awaitingApproval.remove(decided.call().callId()))
                .as("only a call that awaits approval is decided")
                .isTrue();
        case ToolCallWaveDispatched wave -> {
          wave.calls()
              .forEach(
                  call ->
                      assertThat(awaitingApproval)
                          .as("a call that awaits approval never goes out")
                          .doesNotContain(call.callId()));
          for (int i = 0; i < wave.calls().size(); i++) {
            assertThat(wave.dispatchTokens().get(i))
                .as("a wave sends each call as a new dispatch")
                .isGreaterThan(dispatchTokens.getOrDefault(wave.calls().get(i).index(), 0L));
            dispatchToken(wave.calls().get(i), wave.dispatchTokens().get(i));
          }
        }
        case StepCompleted completed -> acceptOnce(completed.assignment());
        case StepFailed failed -> acceptOnce(failed.assignment());
        default -> {}
      }
    }

    /**
     * However the turn ended, each of its assistant messages with tool calls is followed by exactly
     * one tool message per call, in call order, before anything else.
     */
    private void checkTranscript(String turnId) {
      List<Message> turn =
          history.values().stream().filter(m -> m.turnId().equals(turnId)).toList();
      for (int i = 0; i < turn.size(); i++) {
        List<ToolCall> calls = turn.get(i).toolCalls();
        for (int c = 0; c < calls.size(); c++) {
          assertThat(i + 1 + c)
              .as("a tool message for call %s of turn %s", calls.get(c).callId(), turnId)
              .isLessThan(turn.size());
          Message answer = turn.get(i + 1 + c);
          assertThat(answer.role()).isEqualTo(Message.Role.TOOL);
          assertThat(answer.toolResult().orElseThrow().callId()).isEqualTo(calls.get(c).callId());
        }
        i += calls.size();
      }
    }

    /**
     * A new assignment's token is the next one of the session's life; the first of a life is above
     * every token of the lives before it.
     */
    private void checkNextToken(StepAttempt assignment) {
      if (newLife) {
        assertThat(assignment.fencingToken()).isGreaterThan(lastToken);
        newLife = false;
      } else {
        assertThat(assignment.fencingToken()).isEqualTo(lastToken + 1);
      }
    }

    /** Only the outstanding assignment's result is accepted, and only once. */
    private void acceptOnce(StepAttempt assignment) {
      assertThat(assignment).isEqualTo(outstanding);
      outstanding = null;
    }

    private void checkState() {
      assertThat(state.activeTurn().map(ActiveTurn::turnId).orElse(null)).isEqualTo(runningTurn);
      assertThat(state.waiting()).isLessThanOrEqualTo(LIMITS.queueCapacity());
      if (state.isIdle() && !state.paused()) {
        assertThat(state.queue()).isEmpty();
      }
      assertThat(state.finishedTurns()).hasSizeLessThanOrEqualTo(LIMITS.rememberedTurns());
      assertThat(state.history()).isEqualTo(new HistoryRange(clearedUpTo, expectedSeq));
      Set<String> known = new HashSet<>();
      state.activeTurn().ifPresent(turn -> known.add(turn.turnId()));
      state
          .activeTurn()
          .ifPresent(
              turn -> {
                turn.steering().forEach(m -> assertThat(known.add(m.turnId())).isTrue());
                turn.steered().forEach(m -> assertThat(known.add(m.messageId())).isTrue());
              });
      state.queue().forEach(turn -> assertThat(known.add(turn.turnId())).isTrue());
      state.queue().stream()
          .flatMap(turn -> turn.merged().stream())
          .forEach(input -> assertThat(known.add(input.turnId())).isTrue());
      state.finishedTurns().forEach(turn -> assertThat(known.add(turn.turnId())).isTrue());
    }
  }
}
