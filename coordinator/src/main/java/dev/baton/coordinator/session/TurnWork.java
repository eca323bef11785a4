package dev.baton.coordinator.session;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

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
   * An agent step is due but held: the session is paused (it goes out on resume), or the turn's
   * first step waits out its submit's debounce until {@code until} (it goes out then, with the
   * inputs steered or merged into the turn meanwhile). Its token is the one it would have had; a
   * new one is taken when it goes out.
   */
  record StepHeld(StepAttempt assignment, Optional<Instant> until) implements TurnWork {

    /** Null checks. */
    public StepHeld {
      Objects.requireNonNull(assignment, "assignment");
      Objects.requireNonNull(until, "until");
    }

    /** A step held while the session is paused. */
    public StepHeld(StepAttempt assignment) {
      this(assignment, Optional.empty());
    }

    /** Whether the step waits out a debounce that has not passed at {@code now}. */
    public boolean debouncing(Instant now) {
      return until.filter(now::isBefore).isPresent();
    }
  }

  /** No work out. */
  TurnWork NONE = new NoneOut();
}
