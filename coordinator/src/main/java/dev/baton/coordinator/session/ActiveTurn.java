package dev.baton.coordinator.session;

import dev.baton.coordinator.session.TurnWork.AgentStepOut;
import dev.baton.coordinator.session.TurnWork.StepHeld;
import dev.baton.coordinator.session.TurnWork.ToolCallsOut;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The session's running turn.
 *
 * @param turnId the turn
 * @param startedAt when it started
 * @param firstSeq the sequence number of its first message (its user message)
 * @param step the latest step assigned, 0 before the first
 * @param usage the usage of the turn's finished step attempts
 * @param deadline when the turn fails with {@code LIMIT_TURN_DEADLINE}; empty for no deadline
 * @param dispatchMode how the turn's tool calls are dispatched: {@link DispatchMode#PARALLEL} from
 *     the turn's start, {@link DispatchMode#SEQUENTIAL} for the rest of the turn once a worker
 *     found Redis unreachable
 * @param leaseUntil when the work that is out (the agent step, or tool calls without a result) is
 *     presumed lost unless a result or a lease renewal comes first; empty before the first dispatch
 * @param work what the turn waits for: an agent step, tool calls, a step held while paused, or
 *     nothing
 * @param inputDigest the digest of the turn's input; empty for a turn stored before digests were
 *     kept
 * @param steering inputs steered into the turn ({@link OnBusy#STEER}) that wait for its next agent
 *     step, oldest first; if the turn ends first, the first becomes a queued turn of its own and
 *     the others are merged into it
 * @param steered the inputs steered into the turn and delivered to it, oldest first
 * @param metadata the client's metadata of the submit that started the turn, given to each of its
 *     agent steps
 */
public record ActiveTurn(
    String turnId,
    Instant startedAt,
    long firstSeq,
    int step,
    Usage usage,
    Optional<Instant> deadline,
    DispatchMode dispatchMode,
    Optional<Instant> leaseUntil,
    TurnWork work,
    Optional<InputDigest> inputDigest,
    List<QueuedTurn> steering,
    List<SteeredMessage> steered,
    Map<String, String> metadata) {

  /** Null checks and defensive copies. */
  public ActiveTurn {
    Objects.requireNonNull(turnId, "turnId");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(usage, "usage");
    Objects.requireNonNull(deadline, "deadline");
    Objects.requireNonNull(dispatchMode, "dispatchMode");
    Objects.requireNonNull(leaseUntil, "leaseUntil");
    Objects.requireNonNull(work, "work");
    Objects.requireNonNull(inputDigest, "inputDigest");
    steering = List.copyOf(steering);
    steered = List.copyOf(steered);
    metadata = Map.copyOf(metadata);
  }

  /** A turn that nothing was steered into, without metadata. */
  public ActiveTurn(
      String turnId,
      Instant startedAt,
      long firstSeq,
      int step,
      Usage usage,
      Optional<Instant> deadline,
      DispatchMode dispatchMode,
      Optional<Instant> leaseUntil,
      TurnWork work,
      Optional<InputDigest> inputDigest) {
    this(
        turnId,
        startedAt,
        firstSeq,
        step,
        usage,
        deadline,
        dispatchMode,
        leaseUntil,
        work,
        inputDigest,
        List.of(),
        List.of(),
        Map.of());
  }

  /** The input steered into this turn under {@code messageId}, waiting or delivered, if any. */
  Optional<InputDigest> steeredDigest(String messageId) {
    return steering.stream()
        .filter(m -> m.turnId().equals(messageId))
        .map(QueuedTurn::inputDigest)
        .findFirst()
        .or(
            () ->
                steered.stream()
                    .filter(m -> m.messageId().equals(messageId))
                    .map(SteeredMessage::inputDigest)
                    .findFirst());
  }

  /** The agent step whose result is awaited, if that is the turn's work. */
  public Optional<StepAttempt> assignment() {
    return work instanceof AgentStepOut out ? Optional.of(out.assignment()) : Optional.empty();
  }

  /** The tool calls whose results are awaited, if that is the turn's work. */
  public Optional<ToolBatch> tools() {
    return work instanceof ToolCallsOut out ? Optional.of(out.batch()) : Optional.empty();
  }

  /** The agent step that waits for the paused session to be resumed, if any. */
  public Optional<StepAttempt> held() {
    return work instanceof StepHeld held ? Optional.of(held.assignment()) : Optional.empty();
  }

  /** Whether the turn's first step still waits out its submit's debounce at {@code now}. */
  public boolean debouncing(Instant now) {
    return work instanceof StepHeld held && held.debouncing(now);
  }

  /** Whether work of the turn is out with the fleet: the agent step, or a call without result. */
  public boolean hasWorkOut() {
    return switch (work) {
      case AgentStepOut out -> true;
      case ToolCallsOut out -> out.batch().hasCallsOut();
      case StepHeld held -> false;
      case TurnWork.NoneOut none -> false;
    };
  }

  static ActiveTurn started(
      String turnId,
      Instant startedAt,
      long firstSeq,
      Optional<Instant> deadline,
      InputDigest inputDigest,
      Map<String, String> metadata) {
    return new ActiveTurn(
        turnId,
        startedAt,
        firstSeq,
        0,
        Usage.ZERO,
        deadline,
        DispatchMode.PARALLEL,
        Optional.empty(),
        TurnWork.NONE,
        Optional.of(inputDigest),
        List.of(),
        List.of(),
        metadata);
  }

  ActiveTurn withAgentStepOut(StepAttempt next) {
    return copy(next.step(), usage, new AgentStepOut(next), steering, steered);
  }

  /** This turn with {@code message} waiting for its next agent step. */
  ActiveTurn withSteering(QueuedTurn message) {
    List<QueuedTurn> waiting = new ArrayList<>(steering);
    waiting.add(message);
    return copy(step, usage, work, waiting, steered);
  }

  /** This turn with {@code delivered} no longer waiting but delivered. */
  ActiveTurn withDelivered(List<SteeredMessage> delivered) {
    if (delivered.isEmpty()) {
      return this;
    }
    List<String> ids = delivered.stream().map(SteeredMessage::messageId).toList();
    List<QueuedTurn> waiting = steering.stream().filter(m -> !ids.contains(m.turnId())).toList();
    List<SteeredMessage> all = new ArrayList<>(steered);
    all.addAll(delivered);
    return copy(step, usage, work, waiting, all);
  }

  ActiveTurn withAttemptFinished(Usage attemptUsage) {
    return copy(step, usage.plus(attemptUsage), TurnWork.NONE, steering, steered);
  }

  ActiveTurn withWork(TurnWork next) {
    return with(dispatchMode, leaseUntil, next);
  }

  /**
   * This turn with the inputs steered into it that wait, then the contents of its tool batch's
   * results, changed; see {@link SessionState#withPayloads}.
   */
  ActiveTurn withPayloads(BiFunction<Payload, String, String> change) {
    List<QueuedTurn> waiting = steering.stream().map(m -> m.withPayloads(change)).toList();
    ActiveTurn withWaiting = steering.isEmpty() ? this : copy(step, usage, work, waiting, steered);
    return withWaiting.withResultPayloads(change);
  }

  private ActiveTurn withResultPayloads(BiFunction<Payload, String, String> change) {
    if (!(work instanceof ToolCallsOut out)) {
      return this;
    }
    ToolBatch batch = out.batch();
    List<ToolResult> results =
        batch.results().stream()
            .map(
                result -> {
                  Payload payload =
                      new Payload.ToolResultContent(turnId, batch.assignment(), result.callId());
                  String content = change.apply(payload, result.content());
                  return new ToolResult(result.callId(), content, result.isError());
                })
            .toList();
    return withWork(new ToolCallsOut(batch.withResults(results)));
  }

  ActiveTurn withDispatchMode(DispatchMode mode) {
    TurnWork next =
        work instanceof ToolCallsOut out ? new ToolCallsOut(out.batch().withMode(mode)) : work;
    return with(mode, leaseUntil, next);
  }

  ActiveTurn withLeaseUntil(Instant until) {
    return with(dispatchMode, Optional.of(until), work);
  }

  private ActiveTurn with(DispatchMode mode, Optional<Instant> lease, TurnWork next) {
    return copy(step, usage, mode, lease, next, steering, steered);
  }

  private ActiveTurn copy(
      int nextStep,
      Usage nextUsage,
      TurnWork next,
      List<QueuedTurn> waiting,
      List<SteeredMessage> delivered) {
    return copy(nextStep, nextUsage, dispatchMode, leaseUntil, next, waiting, delivered);
  }

  private ActiveTurn copy(
      int nextStep,
      Usage nextUsage,
      DispatchMode mode,
      Optional<Instant> lease,
      TurnWork next,
      List<QueuedTurn> waiting,
      List<SteeredMessage> delivered) {
    return new ActiveTurn(
        turnId,
        startedAt,
        firstSeq,
        nextStep,
        nextUsage,
        deadline,
        mode,
        lease,
        next,
        inputDigest,
        waiting,
        delivered,
        metadata);
  }
}
