package dev.baton.coordinator.session;

import java.util.Objects;

/**
 * Identifies one assignment of a step to the fleet; a worker's result must carry it back unchanged.
 *
 * <p>The fencing token grows with every assignment of the session (across turns, steps and
 * attempts), so a result is current only if its token is the one of the turn's current assignment.
 * The Redis turn-lock keys include the same token.
 *
 * @param turnId the turn
 * @param step the step within the turn, starting at 1
 * @param attempt the attempt of that step, starting at 1
 * @param fencingToken the session's token for this assignment, starting at 1
 */
public record StepAttempt(String turnId, int step, int attempt, long fencingToken) {

  /** Null and range checks. */
  public StepAttempt {
    Objects.requireNonNull(turnId, "turnId");
    if (step < 1 || attempt < 1 || fencingToken < 1) {
      throw new IllegalArgumentException(
          "step, attempt and fencingToken must be at least 1, got step="
              + step
              + " attempt="
              + attempt
              + " fencingToken="
              + fencingToken);
    }
  }
}
