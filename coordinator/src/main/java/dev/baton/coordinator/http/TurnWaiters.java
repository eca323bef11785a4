package dev.baton.coordinator.http;

import dev.baton.coordinator.session.SessionEvent;
import dev.baton.coordinator.topology.DecisionListener;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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

  /** A turn of a session. */
  record TurnKey(String sessionId, String turnId) {}

  private final ConcurrentHashMap<TurnKey, Set<TurnWaiter>> waiting = new ConcurrentHashMap<>();

  /** Registers a waiter for the turn; close it when the request ends. */
  public TurnWaiter register(String sessionId, String turnId) {
    TurnKey key = new TurnKey(sessionId, turnId);
    TurnWaiter waiter = new TurnWaiter(this, key);
    waiting.compute(
        key,
        (k, waiters) -> {
          Set<TurnWaiter> set = waiters != null ? waiters : ConcurrentHashMap.newKeySet();
          set.add(waiter);
          return set;
        });
    return waiter;
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
      String turnId = turnIdOf(event);
      if (turnId != null) {
        Set<TurnWaiter> waiters = waiting.get(new TurnKey(sessionId, turnId));
        if (waiters != null) {
          waiters.forEach(waiter -> waiter.offer(event));
        }
      }
    }
  }

  /** The turn a decision or end is about; null for the other events. */
  private static String turnIdOf(SessionEvent event) {
    return switch (event) {
      case SessionEvent.TurnStarted e -> e.turnId();
      case SessionEvent.TurnQueued e -> e.turnId();
      case SessionEvent.TurnSteered e -> e.turnId();
      case SessionEvent.TurnMerged e -> e.turnId();
      case SessionEvent.TurnRejected e -> e.turnId();
      case SessionEvent.DuplicateTurnSubmitted e -> e.turnId();
      case SessionEvent.TurnEnded e -> e.turnId();
      default -> null;
    };
  }
}
