package dev.baton.worker;

import dev.baton.schemas.avro.Usage;
import java.util.Objects;
import java.util.Optional;

/**
 * What an agent step ends with. For now the final answer of the turn; tool calls come in a later
 * version ({@code StepResult.callTools(...)}).
 *
 * <p>{@code return StepResult.answer("echo: " + step.input());}
 */
public sealed interface StepResult {

  /** The step answers the turn with an assistant message. */
  static StepResult answer(String content) {
    return new Answer(content, Optional.empty());
  }

  /** The step answers the turn with an assistant message, reporting the tokens it used. */
  static StepResult answer(String content, Usage usage) {
    return new Answer(content, Optional.of(Objects.requireNonNull(usage, "usage")));
  }

  /**
   * A final assistant message.
   *
   * @param content the answer's text
   * @param usage the tokens the step used, if the agent reports them
   */
  record Answer(String content, Optional<Usage> usage) implements StepResult {

    /** Checks that nothing is null. */
    public Answer {
      Objects.requireNonNull(content, "content");
      Objects.requireNonNull(usage, "usage");
    }
  }
}
