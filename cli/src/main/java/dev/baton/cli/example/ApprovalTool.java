package dev.baton.cli.example;

import dev.baton.worker.OperationClass;
import dev.baton.worker.ToolOption;
import dev.baton.worker.ToolResult;
import dev.baton.worker.Worker;
import java.util.Map;

/**
 * The example tool whose calls wait for a person's approval: {@value #NAME} (WRITE, declared {@link
 * ToolOption#NEEDS_APPROVAL}), {@code {"text": "deploy to prod"}}, answers {@code approved:
 * <arguments>} with the arguments it ran with, the approver's edit if they made one. A denied call
 * never reaches it.
 *
 * <pre>{@code
 * Worker worker = ApprovalTool.register(Worker.builder().redis(redisUri) ... ).build();
 * }</pre>
 */
public final class ApprovalTool {

  /** The tool's name. */
  public static final String NAME = "approve-me";

  /** What the tool's result starts with. */
  public static final String ANSWER_PREFIX = "approved: ";

  private ApprovalTool() {}

  /** Registers the tool with {@code builder} and returns it. */
  public static Worker.Builder register(Worker.Builder builder) {
    return builder.tool(
        NAME,
        OperationClass.WRITE,
        call -> answer(call.argumentsJson()),
        ToolOption.NEEDS_APPROVAL);
  }

  /** The arguments of a call that asks for approval of {@code text}. */
  public static String arguments(String text) {
    return NotesTools.json(Map.of("text", text));
  }

  /** The result of a call that runs with {@code argumentsJson}. */
  static ToolResult answer(String argumentsJson) {
    return ToolResult.ok(ANSWER_PREFIX + argumentsJson);
  }
}
