package dev.baton.coordinator.session;

import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * When a session next needs the wall clock: its active turn's deadline, the lease of the work that
 * is out, the deadline of its tool calls that await approval, the end of its first step's debounce,
 * or the end of its idle time to live. The topology keeps an index of these instants and sends
 * {@link SessionCommand.CheckTimers} to a session once its instant has passed.
 *
 * <p>{@code SessionTimers.nextDue(state, limits).ifPresent(due -> timers.put(due, sessionId));}
 */
public final class SessionTimers {

  private SessionTimers() {}

  /** The earliest instant at which {@code state} needs a {@link SessionCommand.CheckTimers}. */
  public static Optional<Instant> nextDue(SessionState state, SessionLimits limits) {
    Optional<ActiveTurn> turn = state.activeTurn();
    if (turn.isPresent()) {
      Optional<Instant> lease = turn.get().leaseUntil().filter(until -> turn.get().hasWorkOut());
      Optional<Instant> approval =
          turn.get().tools().flatMap(batch -> batch.approvals().pendingDeadline());
      Optional<Instant> debounce =
          turn.get().work() instanceof TurnWork.StepHeld held ? held.until() : Optional.empty();
      return Stream.of(turn.get().deadline(), lease, approval, debounce)
          .flatMap(Optional::stream)
          .min(Instant::compareTo);
    }
    return idleUntil(state, limits);
  }

  /** Whether work of {@code turn} is out and nothing was heard of it for a whole lease. */
  static boolean leaseExpired(ActiveTurn turn, Instant now) {
    return turn.hasWorkOut() && turn.leaseUntil().filter(now::isAfter).isPresent();
  }

  /** Whether {@code state} has been idle for longer than its time to live. */
  static boolean idleExpired(SessionState state, SessionLimits limits, Instant now) {
    return state.isIdle() && idleUntil(state, limits).filter(now::isAfter).isPresent();
  }

  private static Optional<Instant> idleUntil(SessionState state, SessionLimits limits) {
    if (!state.queue().isEmpty() || state.lastActivityAt().equals(Instant.EPOCH)) {
      return Optional.empty();
    }
    return limits.idleTimeToLive().map(state.lastActivityAt()::plus);
  }
}
