package dev.baton.cli.acceptance;

import dev.baton.worker.Step;
import dev.baton.worker.StepResult;
import dev.baton.worker.ToolCall;

/** An agent whose first step of each turn calls one write tool with the turn's input. */
final class WriteOnceAgent {

  private WriteOnceAgent() {}

  /**
   * Step 0 calls {@code tool} with {@code {"turn":"<input>"}}; the next one answers {@code wrote:
   * <input>}.
   */
  static StepResult step(Step step, String tool) {
    if (step.number() == 0) {
      return StepResult.callTools(ToolCall.of(tool, "{\"turn\":\"" + step.input() + "\"}"));
    }
    return StepResult.answer("wrote: " + step.input());
  }
}
