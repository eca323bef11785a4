package dev.baton.cli.chaos;

import dev.baton.worker.AgentHandler;
import dev.baton.worker.Message;
import dev.baton.worker.Message.Role;
import dev.baton.worker.Step;
import dev.baton.worker.StepResult;
import dev.baton.worker.ToolCall;
import java.util.List;

/**
 * The checker's agent: it plays the {@link ToolScript} of the turn's input. Each step thinks for
 * the script's time (stopping early when the turn is cancelled), then asks for the next batch of
 * tool calls, or answers once every batch was asked for. Which batch comes next is read from the
 * turn so far: the assistant messages with tool calls after the turn's input.
 */
final class ChaosAgent implements AgentHandler {

  /** What every answer starts with. */
  static final String ANSWER_PREFIX = "done #";

  @Override
  public StepResult handle(Step step) throws InterruptedException {
    ToolScript script = ToolScript.parse(step.input());
    Pauses.sleep(script.thinkMs(), step::isCancelled);
    int asked = batchesAsked(step.context());
    if (asked < script.batches().size()) {
      List<ToolCall> calls =
          script.batches().get(asked).stream()
              .map(c -> ToolCall.of(c.tool(), c.argumentsJson()))
              .toList();
      return StepResult.callTools(calls).withContent("batch " + asked);
    }
    return StepResult.answer(ANSWER_PREFIX + script.nonce() + ": " + script.calls() + " calls");
  }

  /** The assistant messages with tool calls after the last user message of {@code context}. */
  private static int batchesAsked(List<Message> context) {
    int asked = 0;
    for (int i = context.size() - 1; i >= 0; i--) {
      Message message = context.get(i);
      if (message.role() == Role.USER) {
        break;
      }
      if (message.role() == Role.ASSISTANT && !message.toolCalls().isEmpty()) {
        asked++;
      }
    }
    return asked;
  }
}
