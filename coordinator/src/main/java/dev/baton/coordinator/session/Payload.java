package dev.baton.coordinator.session;

import java.util.Objects;

/**
 * A payload body of a session's state: the input of a queued turn or of a waiting steered input, or
 * the content of a result that the active turn's tool batch received. A store may keep the bodies
 * apart from the rest of the state; see {@link SessionState#withPayloads}.
 */
public sealed interface Payload {

  /** The turn the body belongs to. */
  String turnId();

  /**
   * The input of a queued turn, or of an input steered into the active turn that waits for its next
   * step (which becomes a queued turn of the same id, or is merged into one, if the turn ends
   * first).
   *
   * @param turnId the queued turn, or the steered input's id
   */
  record QueuedInput(String turnId) implements Payload {

    /** Null checks. */
    public QueuedInput {
      Objects.requireNonNull(turnId, "turnId");
    }
  }

  /**
   * The content of a result the active turn's tool batch received.
   *
   * @param turnId the active turn
   * @param batch the batch's assignment
   * @param callId the call the result answers
   */
  record ToolResultContent(String turnId, StepAttempt batch, String callId) implements Payload {

    /** Null checks. */
    public ToolResultContent {
      Objects.requireNonNull(turnId, "turnId");
      Objects.requireNonNull(batch, "batch");
      Objects.requireNonNull(callId, "callId");
    }
  }
}
