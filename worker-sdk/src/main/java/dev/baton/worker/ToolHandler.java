package dev.baton.worker;

/**
 * Runs one tool call while it holds the turn lock. Called on a virtual thread, so it may block.
 *
 * <p>Return {@link ToolResult#ok} with the tool's output, or {@link ToolResult#error} for a failure
 * the agent should see and react to (a missing file, bad arguments). Throw {@link
 * StepFailedException#retryable} for a transient failure: the call is given back unstarted and
 * delivered again. Any other exception fails the call for good: {@code StepFailed} is published
 * with the call's id, as for an agent step.
 *
 * <pre>{@code
 * ToolHandler readFile = call -> ToolResult.ok(Files.readString(pathIn(call.argumentsJson())));
 * }</pre>
 */
@FunctionalInterface
public interface ToolHandler {

  /**
   * Runs one call.
   *
   * @param call the call: ids, name, arguments and lock class
   * @return the result the agent sees, never null
   * @throws Exception if the call fails outside the tool's own error result
   */
  ToolResult handle(ToolInvocation call) throws Exception;
}
