package dev.baton.coordinator.telemetry;

import dev.baton.coordinator.session.CancelReason;
import dev.baton.coordinator.session.DispatchMode;
import dev.baton.coordinator.session.Failure;
import dev.baton.coordinator.session.FailureCode;
import dev.baton.coordinator.session.IgnoreReason;
import dev.baton.coordinator.session.NotStartedReason;
import dev.baton.coordinator.session.OnBusy;
import dev.baton.coordinator.session.OperationClass;
import dev.baton.coordinator.session.RejectionCode;
import dev.baton.coordinator.session.SessionEvent;
import dev.baton.coordinator.session.StepAttempt;
import dev.baton.coordinator.session.ToolCall;
import dev.baton.coordinator.topology.DecisionListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Translates the session model's decisions into meters, as this instance's processor makes them
 * ({@link DecisionListener}): every count and duration is read off an event the model decided; none
 * is worked out anew. Tags are low-cardinality names (busy policies, statuses, codes, operation
 * classes, worker ids), never session, turn or call ids. See {@code docs/operations.md}, "Metrics".
 *
 * <p>A record whose transaction aborts is decided again, so a decision may be counted twice in that
 * rare case; durations are measured only when this instance decided both ends.
 */
public final class DecisionMeters implements DecisionListener {

  /** How many sessions' current turn and step starts are remembered for their durations. */
  static final int TRACKED_SESSIONS = 100_000;

  /**
   * The failure codes named in tags: the model's, and the worker SDK's own ({@code POISON}: a
   * record delivered up to the worker's limit; {@code HANDLER_EXCEPTION}: a handler that threw).
   */
  private static final Set<String> FAILURE_CODES =
      Stream.concat(
              Stream.of(FailureCode.values()).map(Enum::name),
              Stream.of("POISON", "HANDLER_EXCEPTION"))
          .collect(Collectors.toUnmodifiableSet());

  private final MeterRegistry registry;
  private final StartTimes turns = new StartTimes(TRACKED_SESSIONS);
  private final StartTimes steps = new StartTimes(TRACKED_SESSIONS);

  /**
   * Meters in {@code registry}. The counters whose tags are the model's own names are registered at
   * zero up front, so that a rate or an alert over them has a series before the first such event.
   */
  public DecisionMeters(MeterRegistry registry) {
    this.registry = registry;
    registerAtZero();
  }

  private void registerAtZero() {
    each(OnBusy.values(), v -> zero("baton.turns.accepted", "on_busy", name(v)));
    each(RejectionCode.values(), v -> zero("baton.turns.rejected", "code", name(v)));
    zero("baton.turns.ended", "status", "completed", "reason", "completed");
    failureCodes().forEach(code -> zero("baton.turns.ended", "status", "failed", "reason", code));
    each(
        CancelReason.values(),
        v -> zero("baton.turns.ended", "status", "cancelled", "reason", name(v)));
    failureCodes().forEach(code -> zero("baton.step.failures", "code", code));
    each(NotStartedReason.values(), v -> zero("baton.tool.calls.redispatched", "reason", name(v)));
    each(DispatchMode.values(), v -> zero("baton.dispatch.mode.changes", "mode", name(v)));
    for (String kind : List.of("step", "tool")) {
      each(
          IgnoreReason.values(),
          v -> zero("baton.results.ignored", "kind", kind, "reason", name(v)));
    }
    each(OperationClass.values(), v -> zero("baton.tool.lock.contended", "class", name(v)));
    List.of("baton.sessions.paused", "baton.sessions.resumed", "baton.sessions.expired")
        .forEach(this::zero);
  }

  private static <E extends Enum<E>> void each(E[] values, Consumer<E> action) {
    Arrays.stream(values).forEach(action);
  }

  /** The known failure codes, and {@code WORKER} for any code of a worker's own. */
  private static Stream<String> failureCodes() {
    return Stream.concat(FAILURE_CODES.stream().sorted(), Stream.of("WORKER"));
  }

  private void zero(String name, String... tags) {
    Counter.builder(name).tags(tags).register(registry);
  }

  @Override
  public void decided(String sessionId, List<SessionEvent> events) {
    events.forEach(this::count);
  }

  private void count(SessionEvent event) {
    switch (event) {
      case SessionEvent.TurnAccepted e -> counter("baton.turns.accepted", "on_busy", e.onBusy());
      case SessionEvent.TurnRejected e -> counter("baton.turns.rejected", "code", e.code());
      case SessionEvent.TurnStarted e -> turns.started(e.sessionId(), e.turnId(), e.at());
      case SessionEvent.TurnEnded e -> turnEnded(e);
      case SessionEvent.StepAssigned e -> stepAssigned(e);
      case SessionEvent.StepCompleted e ->
          stepEnded(e.sessionId(), e.assignment(), "completed", e.workerId(), e.at());
      case SessionEvent.StepFailed e -> stepFailed(e);
      case SessionEvent.ToolCallFinished e -> toolCallFinished(e);
      case SessionEvent.ToolCallRedispatched e ->
          counter("baton.tool.calls.redispatched", "reason", e.reason());
      case SessionEvent.DispatchModeChanged e ->
          counter("baton.dispatch.mode.changes", "mode", e.to());
      case SessionEvent.StepResultIgnored e ->
          counter("baton.results.ignored", "kind", "step", "reason", name(e.reason()));
      case SessionEvent.ToolResultIgnored e ->
          counter("baton.results.ignored", "kind", "tool", "reason", name(e.reason()));
      case SessionEvent.SessionPaused e -> counter("baton.sessions.paused");
      case SessionEvent.SessionResumed e -> counter("baton.sessions.resumed");
      case SessionEvent.SessionExpired e -> counter("baton.sessions.expired");
      default -> {}
    }
  }

  private void turnEnded(SessionEvent.TurnEnded e) {
    String status = name(e.status());
    String reason =
        switch (e) {
          case SessionEvent.TurnCompleted completed -> "completed";
          case SessionEvent.TurnFailed failed -> failureCode(failed.failure());
          case SessionEvent.TurnCancelled cancelled -> name(cancelled.reason());
        };
    counter("baton.turns.ended", "status", status, "reason", reason);
    turns
        .ended(e.sessionId(), e.turnId(), e.at())
        .ifPresent(
            duration ->
                histogram(
                        "baton.turn.duration",
                        "Time from a turn's start to its end",
                        "status",
                        status)
                    .record(duration));
  }

  private void stepAssigned(SessionEvent.StepAssigned e) {
    steps.started(e.sessionId(), stepKey(e.assignment()), e.at());
  }

  private void stepFailed(SessionEvent.StepFailed e) {
    counter("baton.step.failures", "code", failureCode(e.failure()));
    stepEnded(e.sessionId(), e.assignment(), "failed", e.workerId().orElse("none"), e.at());
  }

  private void stepEnded(
      String sessionId, StepAttempt assignment, String outcome, String workerId, Instant at) {
    counter("baton.steps", "outcome", outcome, "worker", workerId);
    steps
        .ended(sessionId, stepKey(assignment), at)
        .ifPresent(
            duration ->
                histogram(
                        "baton.step.duration",
                        "Time from an agent step's assignment to its result",
                        "outcome",
                        outcome)
                    .record(duration));
  }

  private void toolCallFinished(SessionEvent.ToolCallFinished e) {
    String operationClass = operationClass(e.call());
    counter(
        "baton.tool.calls",
        "class",
        operationClass,
        "outcome",
        e.result().isError() ? "error" : "ok",
        "worker",
        e.workerId());
    histogram(
            "baton.tool.lock.wait",
            "Time a tool call waited for the turn lock, as its worker measured it",
            "class",
            operationClass)
        .record(Duration.ofMillis(e.lockWaitMs()));
    if (e.lockWaitMs() > 0) {
      counter("baton.tool.lock.contended", "class", operationClass);
    }
    histogram(
            "baton.tool.call.duration",
            "Time a tool call ran, from its start to its finish on its worker's clock",
            "class",
            operationClass)
        .record(Duration.between(e.startedAt(), e.finishedAt()));
  }

  private static String stepKey(StepAttempt assignment) {
    return assignment.turnId() + "/" + assignment.fencingToken();
  }

  private static String operationClass(ToolCall call) {
    return name(call.operationClass());
  }

  /**
   * A failure's code if it is one of the model's or the SDK's, else {@code WORKER}: workers' codes
   * are free.
   */
  private static String failureCode(Failure failure) {
    return FAILURE_CODES.contains(failure.code()) ? failure.code() : "WORKER";
  }

  private static String name(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  private void counter(String name, String tag, Enum<?> value) {
    counter(name, tag, name(value));
  }

  private void counter(String name, String... tags) {
    Counter.builder(name).tags(tags).register(registry).increment();
  }

  private Timer histogram(String name, String description, String... tags) {
    return Timer.builder(name)
        .description(description)
        .tags(tags)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofMinutes(10))
        .register(registry);
  }

  /** How many sessions' starts are remembered now; for tests. */
  int trackedStarts() {
    return turns.size() + steps.size();
  }
}
