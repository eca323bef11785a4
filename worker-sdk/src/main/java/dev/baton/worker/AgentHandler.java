package dev.baton.worker;

/**
 * Runs the agent for one step of a turn: reads the input and context, and answers. Called on a
 * virtual thread, so it may block (a model call, a sleep). It runs concurrently with other steps,
 * up to the worker's {@code maxInFlight}.
 *
 * <p>Return a {@link StepResult}; throw {@link StepFailedException} to fail the step, saying
 * whether it is retryable. An interrupted handler (the worker is shutting down now) should return
 * promptly; its assignment is released and delivered again.
 *
 * <pre>{@code
 * AgentHandler echo = step -> StepResult.answer("echo: " + step.input());
 * }</pre>
 */
@FunctionalInterface
public interface AgentHandler {

  /**
   * Runs one step.
   *
   * @param step the step: input, context, ids, output streaming and cancellation
   * @return the step's result, never null
   * @throws Exception if the step fails; see {@link StepFailedException}
   */
  StepResult handle(Step step) throws Exception;
}
