package dev.baton.coordinator.session;

import java.util.Objects;

/**
 * A request to change a session, from a client or from a worker. {@link SessionModel#decide}
 * answers every command with events, never with an exception for bad input.
 */
public sealed interface SessionCommand {

  /** The session the command is for; the caller routes it to that session's state. */
  String sessionId();

  /**
   * Submit a turn: one user input that the agent works on until it answers.
   *
   * @param sessionId the session
   * @param turnId the client's idempotency key for the turn
   * @param input the user's input
   * @param onBusy what to do if the session already has an active turn
   */
  record SubmitTurn(String sessionId, String turnId, String input, OnBusy onBusy)
      implements SessionCommand {

    /** Null checks; the model validates the content. */
    public SubmitTurn {
      Objects.requireNonNull(sessionId, "sessionId");
      Objects.requireNonNull(turnId, "turnId");
      Objects.requireNonNull(input, "input");
      Objects.requireNonNull(onBusy, "onBusy");
    }
  }

  /**
   * Clear the session's history; the messages of the active turn are kept.
   *
   * @param sessionId the session
   */
  record ClearHistory(String sessionId) implements SessionCommand {

    /** Null checks. */
    public ClearHistory {
      Objects.requireNonNull(sessionId, "sessionId");
    }
  }

  /**
   * A worker's result for an {@code AgentStep}: the agent's final assistant message.
   *
   * @param sessionId the session
   * @param assignment the assignment the worker ran, as it was assigned
   * @param answer the assistant's message
   * @param usage the tokens the step used
   */
  record CompleteStep(String sessionId, StepAttempt assignment, String answer, Usage usage)
      implements SessionCommand {

    /** Null checks. */
    public CompleteStep {
      Objects.requireNonNull(sessionId, "sessionId");
      Objects.requireNonNull(assignment, "assignment");
      Objects.requireNonNull(answer, "answer");
      Objects.requireNonNull(usage, "usage");
    }
  }

  /**
   * A worker's result for an {@code AgentStep}: the step failed.
   *
   * @param sessionId the session
   * @param assignment the assignment the worker ran, as it was assigned
   * @param error what went wrong, for people
   * @param retryable whether another attempt may succeed
   * @param usage the tokens the step used before it failed
   */
  record FailStep(
      String sessionId, StepAttempt assignment, String error, boolean retryable, Usage usage)
      implements SessionCommand {

    /** Null checks. */
    public FailStep {
      Objects.requireNonNull(sessionId, "sessionId");
      Objects.requireNonNull(assignment, "assignment");
      Objects.requireNonNull(error, "error");
      Objects.requireNonNull(usage, "usage");
    }
  }
}
