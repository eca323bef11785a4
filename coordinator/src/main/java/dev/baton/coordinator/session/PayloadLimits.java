package dev.baton.coordinator.session;

import java.util.List;
import java.util.Optional;

/**
 * The byte limits on what workers send back, in UTF-8 bytes, chosen so that every record that
 * carries such a payload (an event, an assignment, a history message) stays well under the broker's
 * 1 MiB default; the {@code baton} commands refuse limits that do not fit in their record limit.
 * Together with {@link SessionLimits#maxInputBytes()} (a turn's input) they are part of {@link
 * SessionLimits}. Immutable; build with {@link #builder()}.
 *
 * <ul>
 *   <li>{@link #maxToolCallBytes()}: one tool call's name and arguments (its {@code
 *       ToolCallAssignment});
 *   <li>{@link #maxStepToolCallBytes()}: all calls of one step and the text that came with them
 *       (the assistant message that asks for them);
 *   <li>{@link #maxAnswerBytes()}: the agent's answer (its assistant message, {@code
 *       TurnCompleted});
 *   <li>{@link #maxToolResultBytes()}: one tool result (its tool message, {@code
 *       ToolCallCompleted}).
 * </ul>
 *
 * <pre>{@code
 * SessionLimits.builder().payloads(PayloadLimits.builder().maxAnswerBytes(64 * 1024).build())
 * }</pre>
 */
public final class PayloadLimits {

  /** Default of {@link #maxToolCallBytes()}: 256 KiB. */
  public static final int DEFAULT_MAX_TOOL_CALL_BYTES = 256 * 1024;

  /** Default of {@link #maxStepToolCallBytes()}: 512 KiB. */
  public static final int DEFAULT_MAX_STEP_TOOL_CALL_BYTES = 512 * 1024;

  /** Default of {@link #maxAnswerBytes()}: 512 KiB. */
  public static final int DEFAULT_MAX_ANSWER_BYTES = 512 * 1024;

  /** Default of {@link #maxToolResultBytes()}: 256 KiB. */
  public static final int DEFAULT_MAX_TOOL_RESULT_BYTES = 256 * 1024;

  private static final PayloadLimits DEFAULTS = builder().build();

  private final int maxToolCallBytes;
  private final int maxStepToolCallBytes;
  private final int maxAnswerBytes;
  private final int maxToolResultBytes;

  private PayloadLimits(Builder builder) {
    this.maxToolCallBytes = builder.maxToolCallBytes;
    this.maxStepToolCallBytes = builder.maxStepToolCallBytes;
    this.maxAnswerBytes = builder.maxAnswerBytes;
    this.maxToolResultBytes = builder.maxToolResultBytes;
  }

  /** The default limits. */
  public static PayloadLimits defaults() {
    return DEFAULTS;
  }

  /** A builder that starts from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The largest tool call (name and arguments) an agent step may ask for; a larger one fails the
   * step attempt with {@link FailureCode#LIMIT_TOOL_CALL_BYTES}, and the step is tried again.
   */
  public int maxToolCallBytes() {
    return maxToolCallBytes;
  }

  /**
   * The most bytes of tool calls and text one agent step may ask with; more fail the step attempt
   * with {@link FailureCode#LIMIT_TOOL_CALL_BYTES}, and the step is tried again.
   */
  public int maxStepToolCallBytes() {
    return maxStepToolCallBytes;
  }

  /**
   * The largest answer an agent step may give; a larger one fails the step attempt with {@link
   * FailureCode#LIMIT_ANSWER_BYTES}, and the step is tried again.
   */
  public int maxAnswerBytes() {
    return maxAnswerBytes;
  }

  /**
   * The largest tool result kept; a larger one is recorded as the call's error result, whose text
   * starts with {@link FailureCode#LIMIT_TOOL_RESULT_BYTES} and says how large the output was, so
   * the agent sees what happened and the turn goes on.
   */
  public int maxToolResultBytes() {
    return maxToolResultBytes;
  }

  /** Why {@code calls} (and the step's {@code content}) are too large, if they are. */
  Optional<String> problemWithToolCalls(String content, List<ToolCallRequest> calls) {
    long total = Utf8.length(content);
    for (ToolCallRequest call : calls) {
      long bytes = Utf8.length(call.name()) + Utf8.length(call.argumentsJson());
      if (bytes > maxToolCallBytes) {
        return Optional.of(
            "call "
                + call.callId()
                + " of "
                + call.name()
                + " has "
                + bytes
                + " bytes > "
                + maxToolCallBytes);
      }
      total += bytes;
    }
    return total > maxStepToolCallBytes
        ? Optional.of("the step's calls have " + total + " bytes > " + maxStepToolCallBytes)
        : Optional.empty();
  }

  @Override
  public String toString() {
    return "PayloadLimits[maxToolCallBytes="
        + maxToolCallBytes
        + ", maxStepToolCallBytes="
        + maxStepToolCallBytes
        + ", maxAnswerBytes="
        + maxAnswerBytes
        + ", maxToolResultBytes="
        + maxToolResultBytes
        + "]";
  }

  /** Builds {@link PayloadLimits}; each setter checks its value. */
  public static final class Builder {
    private int maxToolCallBytes = DEFAULT_MAX_TOOL_CALL_BYTES;
    private int maxStepToolCallBytes = DEFAULT_MAX_STEP_TOOL_CALL_BYTES;
    private int maxAnswerBytes = DEFAULT_MAX_ANSWER_BYTES;
    private int maxToolResultBytes = DEFAULT_MAX_TOOL_RESULT_BYTES;

    private Builder() {}

    /** See {@link PayloadLimits#maxToolCallBytes()}; at least 1. */
    public Builder maxToolCallBytes(int maxToolCallBytes) {
      this.maxToolCallBytes = atLeastOne("maxToolCallBytes", maxToolCallBytes);
      return this;
    }

    /** See {@link PayloadLimits#maxStepToolCallBytes()}; at least 1. */
    public Builder maxStepToolCallBytes(int maxStepToolCallBytes) {
      this.maxStepToolCallBytes = atLeastOne("maxStepToolCallBytes", maxStepToolCallBytes);
      return this;
    }

    /** See {@link PayloadLimits#maxAnswerBytes()}; at least 1. */
    public Builder maxAnswerBytes(int maxAnswerBytes) {
      this.maxAnswerBytes = atLeastOne("maxAnswerBytes", maxAnswerBytes);
      return this;
    }

    /** See {@link PayloadLimits#maxToolResultBytes()}; at least 1. */
    public Builder maxToolResultBytes(int maxToolResultBytes) {
      this.maxToolResultBytes = atLeastOne("maxToolResultBytes", maxToolResultBytes);
      return this;
    }

    /** The limits. */
    public PayloadLimits build() {
      return new PayloadLimits(this);
    }

    private static int atLeastOne(String name, int value) {
      if (value < 1) {
        throw new IllegalArgumentException(name + " must be at least 1, got " + value);
      }
      return value;
    }
  }
}
