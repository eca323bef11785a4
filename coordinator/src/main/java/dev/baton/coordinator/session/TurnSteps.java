package dev.baton.coordinator.session;

import java.util.Optional;

/**
 * What {@link ToolDispatch} needs of the turn around its calls: the next step, the terms of work,
 * and the turn's rules for a failed step and a failed turn. {@link SessionModel} provides them.
 */
interface TurnSteps {

  /** Sends step {@code step} of the active turn out, or holds it while the session is paused. */
  void assignStep(DecisionDraft d, int step, int attempt);

  /** The lease and deadline that go out with work of {@code turn}. */
  WorkTerms terms(ActiveTurn turn);

  /** Records a failed attempt of an agent step, then tries again or fails the turn. */
  void failAttempt(
      DecisionDraft d,
      StepAttempt failed,
      Failure failure,
      boolean retryable,
      Usage usage,
      Optional<String> workerId);

  /** Ends the active turn as failed; the next queued turn starts. */
  void failTurn(DecisionDraft d, Failure failure);
}
