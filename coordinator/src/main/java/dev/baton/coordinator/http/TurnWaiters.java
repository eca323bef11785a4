package dev.baton.coordinator.http;

import dev.baton.coordinator.session.SessionEvent;
import dev.baton.coordinator.topology.DecisionListener;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The requests of this instance that wait for turns, by session and turn id. The coordinator's
 * processor tells it every decision ({@link DecisionListener}); it completes the waiters that the
 * decision's turn events are about. With no request waiting a decision costs one {@code isEmpty}
 * check, otherwise one map lookup per turn event. A waiter is removed when its request closes it,
 * whether it was answered or timed out, so nothing accumulates.
 *
 * <pre>{@code
 * TurnWaiters waiters = new TurnWaiters();
 * Topology topology = CoordinatorTopology.build(layout, registry, options, waiters);
 * try (TurnWaiter waiter = waiters.register("s-1", "t-1")) { ... }
 * }</pre>
 */
public final class TurnWaiters implements DecisionListener {

  /** A turn of a session; a null turn id stands for the session's fork outcome. */
  record TurnKey(String sessionId, String turnId) {}

  private final ConcurrentHashMap<TurnKey, Set<TurnWaiter>> waiting = new ConcurrentHashMap<>();

  /** Registers a waiter for the turn; close it when the request ends. */
  public TurnWaiter register(String sessionId, String turnId) {
    return register(new TurnKey(sessionId, java.util.Objects.requireNonNull(turnId, "turnId")));
  }

  /**
   * Registers a waiter for {@code sessionId} to become the fork of {@code sourceSessionId} at
   * {@code atSeq}: its decision is that fork's {@code SessionForked} or {@code ForkRefused} on
   * {@code sessionId} (the outcome of another request's fork of the same session is not). Close it
   * when the request ends.
   */
  public TurnWaiter registerFork(String sessionId, String sourceSessionId, long atSeq) {
    return register(
        new TurnWaiter(
            this,
            new TurnKey(sessionId, null),
            event -> isOutcomeOf(event, sourceSessionId, atSeq)));
  }

  /**
   * Registers a waiter for the decision on call {@code callId} of turn {@code turnId}: the call's
   * {@code ToolCallApprovalDecided} or a refusal of a decision on it. Close it when the request
   * ends.
   */
  public TurnWaiter registerApproval(String sessionId, String turnId, String callId) {
    return register(
        new TurnWaiter(
            this,
            new TurnKey(sessionId, java.util.Objects.requireNonNull(turnId, "turnId")),
            event -> isDecisionOn(event, callId)));
  }

  private static boolean isDecisionOn(SessionEvent event, String callId) {
    return switch (event) {
      case SessionEvent.ToolCallApprovalDecided e -> e.call().callId().equals(callId);
      case SessionEvent.ApprovalRefused e -> e.callId().equals(callId);
      default -> false;
    };
  }

  /** Whether {@code event} is the outcome of a fork of {@code source} at {@code atSeq}. */
  private static boolean isOutcomeOf(SessionEvent event, String source, long atSeq) {
    return switch (event) {
      case SessionEvent.SessionForked e -> e.sourceSessionId().equals(source) && e.atSeq() == atSeq;
      case SessionEvent.ForkRefused e -> e.sourceSessionId().equals(source) && e.atSeq() == atSeq;
      default -> false;
    };
  }

  /** A waiter for a turn's decision and end, which the approvals of its calls are not. */
  private TurnWaiter register(TurnKey key) {
    return register(new TurnWaiter(this, key, event -> !isApproval(event)));
  }

  private static boolean isApproval(SessionEvent event) {
    return event instanceof SessionEvent.ToolCallApprovalDecided
        || event instanceof SessionEvent.ApprovalRefused;
  }

  private TurnWaiter register(TurnWaiter waiter) {
    TurnKey key = waiter.key();
    waiting.compute(
        key,
        (k, waiters) -> {
          Set<TurnWaiter> set = waiters != null ? waiters : ConcurrentHashMap.newKeySet();
          set.add(waiter);
          return set;
        });
    return waiter;
  }

  /**
   * Ends the waits of the requests about sessions that {@code movedAway} says another instance owns
   * now (a rebalance moved them): this instance's processor decides nothing more about them, so
   * each request answers with what it knows at once rather than at the end of its wait, and its
   * client sends it again, to the new owner. Call it when a rebalance ends.
   */
  public void releaseMoved(Predicate<String> movedAway) {
    waiting.forEach(
        (key, waiters) -> {
          if (movedAway.test(key.sessionId())) {
            waiters.forEach(TurnWaiter::release);
          }
        });
  }

  /** How many turns have a waiting request. */
  public int waitingTurns() {
    return waiting.size();
  }

  void remove(TurnWaiter waiter) {
    waiting.computeIfPresent(
        waiter.key(),
        (k, waiters) -> {
          waiters.remove(waiter);
          return waiters.isEmpty() ? null : waiters;
        });
  }

  @Override
  public void decided(String sessionId, List<SessionEvent> events) {
    if (waiting.isEmpty()) {
      return;
    }
    for (SessionEvent event : events) {
      TurnKey key = keyOf(sessionId, event);
      Set<TurnWaiter> waiters = key == null ? null : waiting.get(key);
      if (waiters != null) {
        waiters.forEach(waiter -> waiter.offer(event));
      }
    }
  }

  /**
   * The waiters' key of a turn's decision or end, or of a fork's outcome; null for the other
   * events.
   */
  private static TurnKey keyOf(String sessionId, SessionEvent event) {
    return switch (event) {
      case SessionEvent.TurnStarted e -> new TurnKey(sessionId, e.turnId());
      case SessionEvent.TurnQueued e -> new TurnKey(sessionId, e.turnId());
      case SessionEvent.TurnSteered e -> new TurnKey(sessionId, e.turnId());
      case SessionEvent.TurnMerged e -> new TurnKey(sessionId, e.turnId());
      case SessionEvent.TurnRejected e -> new TurnKey(sessionId, e.turnId());
      case SessionEvent.DuplicateTurnSubmitted e -> new TurnKey(sessionId, e.turnId());
      case SessionEvent.TurnEnded e -> new TurnKey(sessionId, e.turnId());
      case SessionEvent.SessionForked e -> e.atSource() ? null : new TurnKey(sessionId, null);
      case SessionEvent.ForkRefused e -> e.atFork() ? new TurnKey(sessionId, null) : null;
      case SessionEvent.ToolCallApprovalDecided e ->
          new TurnKey(sessionId, e.assignment().turnId());
      case SessionEvent.ApprovalRefused e -> new TurnKey(sessionId, e.turnId());
      default -> null;
    };
  }
}
