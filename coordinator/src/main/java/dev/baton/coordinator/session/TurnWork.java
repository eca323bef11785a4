package dev.baton.coordinator.session;

import java.util.Objects;

/**
 * The work of the active turn that the coordinator waits for: exactly one of these at a time, so
 * that an agent step and tool calls can never be out together.
 */
public sealed interface TurnWork {

  /** Nothing is out: the turn has just started, or one step ended and the next is being decided. */
  record NoneOut() implements TurnWork {}

  /** An agent step is out; its result is awaited. */
  record AgentStepOut(StepAttempt assignment) implements TurnWork {

    /** Null checks. */
    public AgentStepOut {
      Objects.requireNonNull(assignment, "assignment");
    }
  }

  /** A step's tool calls are out (or wait for their wave, or for the resume); results awaited. */
  record ToolCallsOut(ToolBatch batch) implements TurnWork {

    /** Null checks. */
    public ToolCallsOut {
      Objects.requireNonNull(batch, "batch");
    }
  }

  /**
   * An agent step is due but the session is paused; it goes out on resume. Its token is the one it
   * would have had; a new one is taken when it goes out.
   */
  record StepHeld(StepAttempt assignment) implements TurnWork {

    /** Null checks. */
    public StepHeld {
      Objects.requireNonNull(assignment, "assignment");
    }
  }

  /** No work out. */
  TurnWork NONE = new NoneOut();
}
