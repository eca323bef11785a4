package dev.baton.worker;

/**
 * How a tool call locks its turn: {@code READ} calls of a step overlap, a {@code WRITE} call runs
 * alone and waits for the earlier calls of its step to finish. A worker declares a class for each
 * tool it registers; the coordinator combines it with its own configuration, the stricter class
 * winning, and the call runs under the class it decides ({@link ToolInvocation#operationClass()}).
 *
 * <pre>{@code
 * Worker.builder()
 *     .tool("read_note", OperationClass.READ, call -> ToolResult.ok(notes.read(call)))
 *     .tool("write_note", OperationClass.WRITE, call -> ToolResult.ok(notes.write(call)));
 * }</pre>
 */
public enum OperationClass {
  /** Reads only; may run beside the other reads of its step. */
  READ,
  /** May change something; runs alone, in the order the agent asked for it. */
  WRITE
}
