package dev.baton.coordinator.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * What the coordinator knows about one session: its turns, the bounds of its history and its last
 * fencing token. Immutable; changed only by {@link SessionModel#apply}. History messages themselves
 * are not held here but stored by sequence number from {@link SessionEvent.MessageAppended}.
 *
 * @param sessionId the session
 * @param activeTurn the running turn, if any
 * @param queue turns waiting, oldest first
 * @param finishedTurns the finished turns that ended within {@link SessionLimits#turnIdWindow()} of
 *     the latest turn's end, oldest first, at most {@link SessionLimits#rememberedTurns()} and
 *     {@link SessionLimits#rememberedTurnBytes()} of them
 * @param historyStart the sequence number of the oldest retained message
 * @param nextSeq the sequence number the next message gets; history is {@code [historyStart,
 *     nextSeq)}
 * @param lastFencingToken the token of the latest assignment; before the first one of this life of
 *     the session, {@link SessionEpoch#firstNumber} of its epoch (0 before the first event)
 * @param paused whether the session is paused: no turn starts and nothing is dispatched
 * @param lastActivityAt when the session's latest event happened; {@link Instant#EPOCH} before the
 *     first
 * @param epoch when this life of the session began: the time of its first event that changed its
 *     state; {@link Instant#EPOCH} before it. An expired session begins again with a new epoch
 */
public record SessionState(
    String sessionId,
    Optional<ActiveTurn> activeTurn,
    List<QueuedTurn> queue,
    List<FinishedTurn> finishedTurns,
    long historyStart,
    long nextSeq,
    long lastFencingToken,
    boolean paused,
    Instant lastActivityAt,
    Instant epoch) {

  /** The sequence number of a session's first message. */
  public static final long FIRST_SEQ = 1;

  /** Null checks and defensive copies. */
  public SessionState {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(activeTurn, "activeTurn");
    Objects.requireNonNull(lastActivityAt, "lastActivityAt");
    Objects.requireNonNull(epoch, "epoch");
    queue = List.copyOf(queue);
    finishedTurns = List.copyOf(finishedTurns);
  }

  /** A running session without recorded activity, whose life has not begun. */
  public SessionState(
      String sessionId,
      Optional<ActiveTurn> activeTurn,
      List<QueuedTurn> queue,
      List<FinishedTurn> finishedTurns,
      long historyStart,
      long nextSeq,
      long lastFencingToken) {
    this(
        sessionId,
        activeTurn,
        queue,
        finishedTurns,
        historyStart,
        nextSeq,
        lastFencingToken,
        false,
        Instant.EPOCH,
        Instant.EPOCH);
  }

  /** The state of a session that has seen no event. */
  public static SessionState empty(String sessionId) {
    return new SessionState(
        sessionId, Optional.empty(), List.of(), List.of(), FIRST_SEQ, FIRST_SEQ, 0);
  }

  /** Whether no turn is running (then the queue is empty, too, unless the session is paused). */
  public boolean isIdle() {
    return activeTurn.isEmpty();
  }

  /** Whether this life of the session has begun: it has an epoch. */
  public boolean hasBegun() {
    return !epoch.equals(Instant.EPOCH);
  }

  /**
   * Whether the session is unused: its life has not begun and it holds no history, so it may become
   * a fork ({@link SessionCommand.SeedFork}).
   */
  public boolean isUnused() {
    return !hasBegun() && nextSeq == FIRST_SEQ && activeTurn.isEmpty();
  }

  /** The retained history. */
  public HistoryRange history() {
    return new HistoryRange(historyStart, nextSeq);
  }

  /**
   * How many inputs wait for a turn of their own or to join one: the queued turns, the inputs
   * merged into them and the inputs steered into the active turn that wait. {@link
   * SessionLimits#queueCapacity()} bounds them together.
   */
  public int waiting() {
    int merged = queue.stream().mapToInt(turn -> turn.merged().size()).sum();
    return queue.size() + merged + activeTurn.map(turn -> turn.steering().size()).orElse(0);
  }

  /**
   * The status of a known turn: the active one, a queued one, an input steered into the active turn
   * ({@link TurnStatus#STEERED}) or a remembered finished one.
   */
  public Optional<TurnStatus> statusOf(String turnId) {
    return knownTurn(turnId, Instant.MIN).map(KnownTurn::status);
  }

  /**
   * The turn the session knows under {@code turnId}: the active one, a queued one, or a finished
   * one that ended at or after {@code rememberedSince}.
   */
  Optional<KnownTurn> knownTurn(String turnId, Instant rememberedSince) {
    Optional<ActiveTurn> active = activeTurn.filter(turn -> turn.turnId().equals(turnId));
    if (active.isPresent()) {
      return Optional.of(new KnownTurn(TurnStatus.RUNNING, active.get().inputDigest()));
    }
    Optional<InputDigest> steered = activeTurn.flatMap(turn -> turn.steeredDigest(turnId));
    if (steered.isPresent()) {
      return Optional.of(new KnownTurn(TurnStatus.STEERED, steered));
    }
    Optional<QueuedTurn> queued = queue.stream().filter(t -> t.turnId().equals(turnId)).findFirst();
    if (queued.isPresent()) {
      return Optional.of(new KnownTurn(TurnStatus.QUEUED, Optional.of(queued.get().inputDigest())));
    }
    Optional<InputDigest> merged =
        queue.stream().flatMap(t -> t.mergedDigest(turnId).stream()).findFirst();
    if (merged.isPresent()) {
      return Optional.of(new KnownTurn(TurnStatus.QUEUED, merged));
    }
    return finishedTurns.stream()
        .filter(turn -> turn.turnId().equals(turnId))
        .filter(turn -> !turn.endedAt().isBefore(rememberedSince))
        .map(turn -> new KnownTurn(turn.status(), turn.inputDigest()))
        .findFirst();
  }

  /**
   * The turn that input {@code inputId} joined and that has not ended: the active turn it was
   * steered into, or the queued turn it was merged into.
   */
  public Optional<String> joinedTurn(String inputId) {
    Optional<String> steered =
        activeTurn.filter(t -> t.steeredDigest(inputId).isPresent()).map(ActiveTurn::turnId);
    return steered.or(
        () ->
            queue.stream()
                .filter(t -> t.mergedDigest(inputId).isPresent())
                .map(QueuedTurn::turnId)
                .findFirst());
  }

  /**
   * A turn the session knows, as a submit of its id sees it.
   *
   * @param status its status
   * @param inputDigest the digest of its input; empty for a turn stored before digests were kept
   */
  record KnownTurn(TurnStatus status, Optional<InputDigest> inputDigest) {}

  /**
   * This state with each payload body replaced by {@code change.apply(payload, body)}: the inputs
   * of the queued turns (and those merged into them), then those steered into the active turn that
   * wait, then the contents of the results the active turn's tool batch received; all else as it
   * is. A store that keeps the bodies apart uses it to take them out and to put them back.
   */
  public SessionState withPayloads(BiFunction<Payload, String, String> change) {
    List<QueuedTurn> waiting = queue.stream().map(turn -> turn.withPayloads(change)).toList();
    return with(activeTurn.map(turn -> turn.withPayloads(change)), waiting, finishedTurns);
  }

  /**
   * This state with {@code turns} as its remembered finished turns (oldest first), all else as it
   * is. A store that keeps them apart from the session's record uses it to take them out and to put
   * them back.
   */
  public SessionState withFinishedTurns(List<FinishedTurn> turns) {
    return with(activeTurn, queue, turns);
  }

  /** This state with {@code turn} queued at {@code position} (1 = next; past the end appends). */
  SessionState withQueued(QueuedTurn turn, int position) {
    List<QueuedTurn> longer = new ArrayList<>(queue);
    longer.add(Math.clamp(position - 1L, 0, longer.size()), turn);
    return with(activeTurn, longer, finishedOtherThan(turn.turnId()));
  }

  /**
   * This state with {@code message} steered into the active turn, where it waits for the turn's
   * next step; like a queued turn, it replaces a finished turn of its id whose window has passed.
   */
  SessionState withSteering(QueuedTurn message) {
    return with(
        activeTurn.map(turn -> turn.withSteering(message)),
        queue,
        finishedOtherThan(message.turnId()));
  }

  /**
   * This state with {@code turnId} started: a queued turn leaves the queue, and the inputs merged
   * into it wait for its first step as if steered into it.
   */
  SessionState withStarted(
      String turnId,
      Instant at,
      Optional<Instant> deadline,
      InputDigest inputDigest,
      Map<String, String> metadata) {
    List<QueuedTurn> rest = queue.stream().filter(turn -> !turn.turnId().equals(turnId)).toList();
    ActiveTurn started = ActiveTurn.started(turnId, at, nextSeq, deadline, inputDigest, metadata);
    for (QueuedTurn merged : queued(turnId).map(QueuedTurn::merged).orElse(List.of())) {
      started = started.withSteering(merged);
    }
    return with(Optional.of(started), rest, finishedOtherThan(turnId));
  }

  /**
   * This state with {@code input} merged into the queued turn {@code intoTurnId}; like a queued
   * turn, it replaces a finished turn of its id whose window has passed.
   */
  SessionState withMerged(String intoTurnId, QueuedTurn input) {
    List<QueuedTurn> waiting =
        queue.stream()
            .map(turn -> turn.turnId().equals(intoTurnId) ? turn.withMerged(input) : turn)
            .toList();
    return with(activeTurn, waiting, finishedOtherThan(input.turnId()));
  }

  /** Input {@code inputId}, which joined the turn that ended {@code finished}, as ended with it. */
  private static FinishedTurn endedWith(String inputId, InputDigest digest, FinishedTurn finished) {
    return new FinishedTurn(inputId, finished.status(), Optional.of(digest), finished.endedAt());
  }

  private Optional<QueuedTurn> queued(String turnId) {
    return queue.stream().filter(turn -> turn.turnId().equals(turnId)).findFirst();
  }

  SessionState withActiveTurn(ActiveTurn turn, long fencingToken) {
    return new SessionState(
        sessionId,
        Optional.of(turn),
        queue,
        finishedTurns,
        historyStart,
        nextSeq,
        fencingToken,
        paused,
        lastActivityAt,
        epoch);
  }

  /**
   * The state after the active turn ended: the inputs delivered to it by steering are remembered
   * with its status, before it; {@code remembering} says which finished turns stay.
   */
  SessionState withTurnEnded(FinishedTurn finished, Remembering remembering) {
    List<FinishedTurn> ended = new ArrayList<>();
    for (SteeredMessage message : activeTurn.map(ActiveTurn::steered).orElse(List.of())) {
      ended.add(endedWith(message.messageId(), message.inputDigest(), finished));
    }
    ended.add(finished);
    return with(Optional.empty(), queue, remembering.apply(finishedTurns, ended));
  }

  /**
   * The state after a queued turn ended before it started; the inputs merged into it end with it.
   */
  SessionState withQueuedTurnEnded(FinishedTurn finished, Remembering remembering) {
    List<QueuedTurn> rest =
        queue.stream().filter(turn -> !turn.turnId().equals(finished.turnId())).toList();
    List<FinishedTurn> ended = new ArrayList<>();
    for (QueuedTurn merged : queued(finished.turnId()).map(QueuedTurn::merged).orElse(List.of())) {
      ended.add(endedWith(merged.turnId(), merged.inputDigest(), finished));
    }
    ended.add(finished);
    return with(activeTurn, rest, remembering.apply(finishedTurns, ended));
  }

  SessionState withNextSeq(long next) {
    return new SessionState(
        sessionId,
        activeTurn,
        queue,
        finishedTurns,
        historyStart,
        next,
        lastFencingToken,
        paused,
        lastActivityAt,
        epoch);
  }

  SessionState withHistoryStart(long start) {
    return new SessionState(
        sessionId,
        activeTurn,
        queue,
        finishedTurns,
        start,
        nextSeq,
        lastFencingToken,
        paused,
        lastActivityAt,
        epoch);
  }

  SessionState withPaused(boolean isPaused) {
    return new SessionState(
        sessionId,
        activeTurn,
        queue,
        finishedTurns,
        historyStart,
        nextSeq,
        lastFencingToken,
        isPaused,
        lastActivityAt,
        epoch);
  }

  SessionState withLastActivity(Instant at) {
    if (!at.isAfter(lastActivityAt)) {
      return this;
    }
    return new SessionState(
        sessionId,
        activeTurn,
        queue,
        finishedTurns,
        historyStart,
        nextSeq,
        lastFencingToken,
        paused,
        at,
        epoch);
  }

  /**
   * This state, begun at {@code at} if it has not begun: its epoch is {@code at}, and its fencing
   * tokens count on from {@link SessionEpoch#firstNumber} of it (or from the last token, if that is
   * higher: a session stored before epochs keeps its tokens growing).
   */
  SessionState begunAt(Instant at) {
    if (hasBegun()) {
      return this;
    }
    return new SessionState(
        sessionId,
        activeTurn,
        queue,
        finishedTurns,
        historyStart,
        nextSeq,
        Math.max(lastFencingToken, SessionEpoch.firstNumber(at)),
        paused,
        lastActivityAt,
        at);
  }

  /**
   * The finished turns without one of {@code turnId}: a turn that starts or is queued under the id
   * of a finished turn whose window has passed replaces it.
   */
  private List<FinishedTurn> finishedOtherThan(String turnId) {
    return finishedTurns.stream().filter(turn -> !turn.turnId().equals(turnId)).toList();
  }

  private SessionState with(
      Optional<ActiveTurn> active, List<QueuedTurn> waiting, List<FinishedTurn> finished) {
    return new SessionState(
        sessionId,
        active,
        waiting,
        finished,
        historyStart,
        nextSeq,
        lastFencingToken,
        paused,
        lastActivityAt,
        epoch);
  }
}
