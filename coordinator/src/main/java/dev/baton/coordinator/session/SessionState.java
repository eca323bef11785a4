package dev.baton.coordinator.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the coordinator knows about one session: its turns, the bounds of its history and its last
 * fencing token. Immutable; changed only by {@link SessionModel#apply}. History messages themselves
 * are not held here but stored by sequence number from {@link SessionEvent.MessageAppended}.
 *
 * @param sessionId the session
 * @param activeTurn the running turn, if any
 * @param queue turns waiting, oldest first
 * @param finishedTurns the latest finished turns, oldest first, at most {@link
 *     SessionLimits#rememberedTurns()}
 * @param historyStart the sequence number of the oldest retained message
 * @param nextSeq the sequence number the next message gets; history is {@code [historyStart,
 *     nextSeq)}
 * @param lastFencingToken the token of the latest assignment, 0 before the first
 * @param paused whether the session is paused: no turn starts and nothing is dispatched
 * @param lastActivityAt when the session's latest event happened; {@link Instant#EPOCH} before the
 *     first
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
    Instant lastActivityAt) {

  /** The sequence number of a session's first message. */
  public static final long FIRST_SEQ = 1;

  /** Null checks and defensive copies. */
  public SessionState {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(activeTurn, "activeTurn");
    Objects.requireNonNull(lastActivityAt, "lastActivityAt");
    queue = List.copyOf(queue);
    finishedTurns = List.copyOf(finishedTurns);
  }

  /** A running session without recorded activity. */
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

  /** The retained history. */
  public HistoryRange history() {
    return new HistoryRange(historyStart, nextSeq);
  }

  /** The status of a known turn: the active one, a queued one or a remembered finished one. */
  public Optional<TurnStatus> statusOf(String turnId) {
    if (activeTurn.filter(turn -> turn.turnId().equals(turnId)).isPresent()) {
      return Optional.of(TurnStatus.RUNNING);
    }
    if (queue.stream().anyMatch(turn -> turn.turnId().equals(turnId))) {
      return Optional.of(TurnStatus.QUEUED);
    }
    return finishedTurns.stream()
        .filter(turn -> turn.turnId().equals(turnId))
        .map(FinishedTurn::status)
        .findFirst();
  }

  SessionState withQueued(QueuedTurn turn) {
    List<QueuedTurn> longer = new ArrayList<>(queue);
    longer.add(turn);
    return new SessionState(
        sessionId,
        activeTurn,
        longer,
        finishedTurns,
        historyStart,
        nextSeq,
        lastFencingToken,
        paused,
        lastActivityAt);
  }

  SessionState withStarted(String turnId, Instant at, Optional<Instant> deadline) {
    List<QueuedTurn> rest = queue.stream().filter(turn -> !turn.turnId().equals(turnId)).toList();
    ActiveTurn started = ActiveTurn.started(turnId, at, nextSeq, deadline);
    return new SessionState(
        sessionId,
        Optional.of(started),
        rest,
        finishedTurns,
        historyStart,
        nextSeq,
        lastFencingToken,
        paused,
        lastActivityAt);
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
        lastActivityAt);
  }

  SessionState withTurnEnded(FinishedTurn finished, int remembered) {
    List<FinishedTurn> window = remembering(finished, remembered);
    return new SessionState(
        sessionId,
        Optional.empty(),
        queue,
        window,
        historyStart,
        nextSeq,
        lastFencingToken,
        paused,
        lastActivityAt);
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
        lastActivityAt);
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
        lastActivityAt);
  }

  /** The state after a queued turn ended before it started. */
  SessionState withQueuedTurnEnded(FinishedTurn finished, int remembered) {
    List<QueuedTurn> rest =
        queue.stream().filter(turn -> !turn.turnId().equals(finished.turnId())).toList();
    List<FinishedTurn> window = remembering(finished, remembered);
    return new SessionState(
        sessionId,
        activeTurn,
        rest,
        window,
        historyStart,
        nextSeq,
        lastFencingToken,
        paused,
        lastActivityAt);
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
        lastActivityAt);
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
        at);
  }

  /** The latest finished turns with {@code finished} added, at most {@code remembered}. */
  private List<FinishedTurn> remembering(FinishedTurn finished, int remembered) {
    List<FinishedTurn> latest = new ArrayList<>(finishedTurns);
    latest.add(finished);
    return latest.subList(Math.max(0, latest.size() - remembered), latest.size());
  }
}
