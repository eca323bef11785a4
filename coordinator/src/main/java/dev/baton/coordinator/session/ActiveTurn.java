package dev.baton.coordinator.session;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The session's running turn.
 *
 * @param turnId the turn
 * @param startedAt when it started
 * @param firstSeq the sequence number of its first message (its user message)
 * @param step the latest step assigned, 0 before the first
 * @param assignment the agent step assignment whose result is awaited; empty between steps and
 *     while tool calls run
 * @param usage the usage of the turn's finished step attempts
 * @param deadline when the turn fails with {@code LIMIT_TURN_DEADLINE}; empty for no deadline
 * @param tools the tool calls whose results are awaited, if any
 * @param dispatchMode how the turn's tool calls are dispatched: {@link DispatchMode#PARALLEL} from
 *     the turn's start, {@link DispatchMode#SEQUENTIAL} for the rest of the turn once a worker
 *     found Redis unreachable
 * @param leaseUntil when the work that is out (the agent step, or tool calls without a result) is
 *     presumed lost unless a result or a lease renewal comes first; empty before the first dispatch
 * @param held the agent step that waits for the paused session to be resumed, if any; its token is
 *     the one it would have had, a new one is taken when it goes out
 */
public record ActiveTurn(
    String turnId,
    Instant startedAt,
    long firstSeq,
    int step,
    Optional<StepAttempt> assignment,
    Usage usage,
    Optional<Instant> deadline,
    Optional<ToolBatch> tools,
    DispatchMode dispatchMode,
    Optional<Instant> leaseUntil,
    Optional<StepAttempt> held) {

  /** Null checks. */
  public ActiveTurn {
    Objects.requireNonNull(turnId, "turnId");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(assignment, "assignment");
    Objects.requireNonNull(usage, "usage");
    Objects.requireNonNull(deadline, "deadline");
    Objects.requireNonNull(tools, "tools");
    Objects.requireNonNull(dispatchMode, "dispatchMode");
    Objects.requireNonNull(leaseUntil, "leaseUntil");
    Objects.requireNonNull(held, "held");
  }

  /** A turn without a lease or a held step. */
  public ActiveTurn(
      String turnId,
      Instant startedAt,
      long firstSeq,
      int step,
      Optional<StepAttempt> assignment,
      Usage usage,
      Optional<Instant> deadline,
      Optional<ToolBatch> tools,
      DispatchMode dispatchMode) {
    this(
        turnId,
        startedAt,
        firstSeq,
        step,
        assignment,
        usage,
        deadline,
        tools,
        dispatchMode,
        Optional.empty(),
        Optional.empty());
  }

  /** A turn that dispatches its tool calls in {@link DispatchMode#PARALLEL}. */
  public ActiveTurn(
      String turnId,
      Instant startedAt,
      long firstSeq,
      int step,
      Optional<StepAttempt> assignment,
      Usage usage,
      Optional<Instant> deadline,
      Optional<ToolBatch> tools) {
    this(
        turnId,
        startedAt,
        firstSeq,
        step,
        assignment,
        usage,
        deadline,
        tools,
        DispatchMode.PARALLEL);
  }

  /** Whether work of the turn is out with the fleet: the agent step, or a call without result. */
  public boolean hasWorkOut() {
    return assignment.isPresent() || tools.map(ToolBatch::hasCallsOut).orElse(false);
  }

  static ActiveTurn started(
      String turnId, Instant startedAt, long firstSeq, Optional<Instant> deadline) {
    return new ActiveTurn(
        turnId, startedAt, firstSeq, 0, Optional.empty(), Usage.ZERO, deadline, Optional.empty());
  }

  ActiveTurn withAssignment(StepAttempt next) {
    return new ActiveTurn(
        turnId,
        startedAt,
        firstSeq,
        next.step(),
        Optional.of(next),
        usage,
        deadline,
        Optional.empty(),
        dispatchMode,
        leaseUntil,
        Optional.empty());
  }

  ActiveTurn withAttemptFinished(Usage attemptUsage) {
    return new ActiveTurn(
        turnId,
        startedAt,
        firstSeq,
        step,
        Optional.empty(),
        usage.plus(attemptUsage),
        deadline,
        tools,
        dispatchMode,
        leaseUntil,
        held);
  }

  ActiveTurn withTools(ToolBatch batch) {
    return new ActiveTurn(
        turnId,
        startedAt,
        firstSeq,
        step,
        Optional.empty(),
        usage,
        deadline,
        Optional.of(batch),
        dispatchMode,
        leaseUntil,
        held);
  }

  ActiveTurn withDispatchMode(DispatchMode mode) {
    return new ActiveTurn(
        turnId,
        startedAt,
        firstSeq,
        step,
        assignment,
        usage,
        deadline,
        tools.map(batch -> batch.withMode(mode)),
        mode,
        leaseUntil,
        held);
  }

  ActiveTurn withLeaseUntil(Instant until) {
    return new ActiveTurn(
        turnId,
        startedAt,
        firstSeq,
        step,
        assignment,
        usage,
        deadline,
        tools,
        dispatchMode,
        Optional.of(until),
        held);
  }

  ActiveTurn withHeld(StepAttempt waiting) {
    return new ActiveTurn(
        turnId,
        startedAt,
        firstSeq,
        step,
        Optional.empty(),
        usage,
        deadline,
        Optional.empty(),
        dispatchMode,
        leaseUntil,
        Optional.of(waiting));
  }
}
