package dev.baton.worker;

/**
 * Something a worker declares about a tool when it registers it ({@link Worker.Builder#tool(String,
 * OperationClass, ToolHandler, ToolOption...)}), beside its operation class. Each declaration goes
 * with every call of the tool the agent asks for.
 *
 * <pre>{@code
 * Worker.builder()
 *     .tool("deploy", OperationClass.WRITE, call -> ToolResult.ok(deploy(call)),
 *         ToolOption.NEEDS_APPROVAL);
 * }</pre>
 */
public enum ToolOption {
  /**
   * The tool's calls wait for a person's approval before they run. The coordinator holds such a
   * call until someone approves or denies it; the handler runs only once the call is approved, with
   * the arguments the approver may have edited, and never for a denied call, whose error result the
   * agent sees instead.
   */
  NEEDS_APPROVAL
}
