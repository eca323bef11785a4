package dev.baton.client;

import java.util.Objects;
import java.util.Optional;

/**
 * What a coordinator says about a turn: its status and, once it has ended, its answer or error.
 *
 * <p>{@code if (answer.completed()) show(answer.answer().get());}
 *
 * @param sessionId the session
 * @param turnId the turn
 * @param status {@code QUEUED}, {@code RUNNING} or {@code STEERED} (an input steered into the
 *     running turn) before its end; {@code COMPLETED}, {@code FAILED}, {@code CANCELLED}, {@code
 *     TIMED_OUT} or {@code REJECTED} after
 * @param answer the agent's answer of a completed turn, if known
 * @param error what ended a turn that did not complete, if known
 */
public record TurnAnswer(
    String sessionId,
    String turnId,
    String status,
    Optional<String> answer,
    Optional<String> error) {

  /** The status of a turn that completed. */
  public static final String COMPLETED = "COMPLETED";

  /** Checks that no component is null. */
  public TurnAnswer {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(turnId, "turnId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(answer, "answer");
    Objects.requireNonNull(error, "error");
  }

  /**
   * Whether the turn has ended: any status but {@code QUEUED}, {@code RUNNING} and {@code STEERED}.
   */
  public boolean ended() {
    return !status.equals("QUEUED") && !status.equals("RUNNING") && !status.equals("STEERED");
  }

  /** Whether the turn ended and completed. */
  public boolean completed() {
    return COMPLETED.equals(status);
  }
}
