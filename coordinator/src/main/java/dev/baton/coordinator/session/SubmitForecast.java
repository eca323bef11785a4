package dev.baton.coordinator.session;

import java.util.Optional;

/**
 * What a submit would do to a session, read off the session's state by the rules {@link
 * SessionModel} decides a submit with: start a new turn, queue it, or neither. It is a forecast for
 * what must be checked before the submit is written, such as a tenant's limits; the model still
 * decides, on the state it finds then, which may have changed.
 *
 * <p>{@code SubmitForecast.of(state, "t-2", OnBusy.ENQUEUE); // QUEUES while a turn runs}
 */
public enum SubmitForecast {
  /** The turn would start: the session is idle and not paused (or has no state yet). */
  STARTS,
  /**
   * The turn would be queued: the session is busy or paused, and the submit asks to enqueue; or to
   * steer or merge, whose input waits to join the active or a queued turn, or is queued.
   */
  QUEUES,
  /**
   * Neither: the turn id is known (a repeat, or a reuse the model refuses), the submit would be
   * rejected (busy or paused without enqueue), or it would replace the active turn (interrupt,
   * rollback), which leaves the session one running turn.
   */
  NEITHER;

  /**
   * What submitting turn {@code turnId} with {@code onBusy} would do to a session in {@code state}
   * (empty for a session that has none).
   */
  public static SubmitForecast of(Optional<SessionState> state, String turnId, OnBusy onBusy) {
    if (state.isEmpty()) {
      return STARTS;
    }
    SessionState session = state.get();
    if (session.statusOf(turnId).isPresent()) {
      return NEITHER;
    }
    if (!session.paused() && session.isIdle()) {
      return STARTS;
    }
    return switch (onBusy) {
      case ENQUEUE, STEER, MERGE -> QUEUES;
      case REJECT, INTERRUPT, ROLLBACK -> NEITHER;
    };
  }
}
