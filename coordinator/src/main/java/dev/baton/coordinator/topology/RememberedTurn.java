package dev.baton.coordinator.topology;

import dev.baton.coordinator.session.FinishedTurn;
import java.util.Objects;

/**
 * A finished turn a session remembers, as the {@link CoordinatorStores#TURNS} store keeps it: the
 * turn and its ordinal, the place it got when it was first stored. A session's ordinals grow in the
 * order its turns end, so the store keeps them in that order, and the ordinal names the page that
 * holds the turn ({@link TurnPages#key}).
 *
 * @param ordinal the turn's place among the session's remembered turns, at least 0
 * @param turn the turn
 */
public record RememberedTurn(long ordinal, FinishedTurn turn) {

  /** Null and range checks. */
  public RememberedTurn {
    Objects.requireNonNull(turn, "turn");
    if (ordinal < 0) {
      throw new IllegalArgumentException("ordinal must be at least 0, got " + ordinal);
    }
  }
}
