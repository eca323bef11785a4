package dev.baton.worker;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What an agent step ends with: the final answer of the turn, or tool calls whose results the next
 * step sees in its context.
 *
 * <pre>{@code
 * return StepResult.answer("echo: " + step.input());
 * return StepResult.callTools(ToolCall.of("read_file", "{\"path\":\"a\"}"))
 *     .withContent("Let me look.")
 *     .withUsage(Usage.of(1200, 40, "model-1"));
 * }</pre>
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
   * The step asks for tool calls, in this order, with no assistant text; at least one. The
   * coordinator assigns them all at once and the turn lock orders the ones that conflict.
   */
  static ToolCalls callTools(ToolCall... calls) {
    return callTools(List.of(calls));
  }

  /** The step asks for {@code calls}, in this order; at least one. */
  static ToolCalls callTools(List<ToolCall> calls) {
    return new ToolCalls(calls, "", Optional.empty());
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

  /**
   * Tool calls the step asks for.
   *
   * @param calls the calls, in the order the agent asked for them; at least one, with distinct ids
   *     where ids are given
   * @param content assistant text that comes with the calls; may be empty
   * @param usage the tokens the step used, if the agent reports them
   */
  record ToolCalls(List<ToolCall> calls, String content, Optional<Usage> usage)
      implements StepResult {

    /** Checks the calls and copies them. */
    public ToolCalls {
      calls = List.copyOf(Objects.requireNonNull(calls, "calls"));
      Objects.requireNonNull(content, "content");
      Objects.requireNonNull(usage, "usage");
      if (calls.isEmpty()) {
        throw new IllegalArgumentException("callTools needs at least one tool call");
      }
      Set<String> ids = new HashSet<>();
      for (ToolCall call : calls) {
        call.callId()
            .filter(id -> !ids.add(id))
            .ifPresent(
                id -> {
                  throw new IllegalArgumentException("Two tool calls have the id " + id);
                });
      }
    }

    /** The same calls with assistant text {@code content}. */
    public ToolCalls withContent(String content) {
      return new ToolCalls(calls, content, usage);
    }

    /** The same calls, reporting the tokens the step used. */
    public ToolCalls withUsage(Usage usage) {
      return new ToolCalls(calls, content, Optional.of(Objects.requireNonNull(usage, "usage")));
    }
  }
}
