package dev.baton.worker;

import java.util.Objects;
import java.util.Optional;

/**
 * The model tokens one agent step used, as the agent reports them with its {@link StepResult}.
 *
 * <pre>{@code
 * return StepResult.answer(reply.text(), Usage.of(reply.inputTokens(), reply.outputTokens(), "m-1"));
 * }</pre>
 *
 * @param inputTokens the prompt tokens the model read; not negative
 * @param outputTokens the tokens the model wrote; not negative
 * @param model the model that used them, if the agent says
 */
public record Usage(long inputTokens, long outputTokens, Optional<String> model) {

  /** Checks that the counts are not negative and that nothing is null. */
  public Usage {
    if (inputTokens < 0 || outputTokens < 0) {
      throw new IllegalArgumentException(
          "token counts must not be negative, got inputTokens=%d outputTokens=%d"
              .formatted(inputTokens, outputTokens));
    }
    Objects.requireNonNull(model, "model");
  }

  /** {@code inputTokens} read and {@code outputTokens} written by an unnamed model. */
  public static Usage of(long inputTokens, long outputTokens) {
    return new Usage(inputTokens, outputTokens, Optional.empty());
  }

  /** {@code inputTokens} read and {@code outputTokens} written by {@code model}. */
  public static Usage of(long inputTokens, long outputTokens, String model) {
    return new Usage(
        inputTokens, outputTokens, Optional.of(Objects.requireNonNull(model, "model")));
  }
}
