package dev.baton.worker;

/**
 * One tool call as a {@link ToolHandler} sees it: which session, turn and step it belongs to, its
 * id, name and arguments, its position in the step and the lock class it runs under. When the
 * handler runs, the call holds the turn lock in {@link #operationClass()}.
 *
 * <pre>{@code
 * .tool("read_note", OperationClass.READ,
 *     call -> ToolResult.ok(store.read(call.argumentsJson())))
 * }</pre>
 */
public interface ToolInvocation {

  /** The session. */
  String sessionId();

  /** The turn. */
  String turnId();

  /** The step of the turn that asked for the call, from 0. */
  int step();

  /** The attempt of the step, from 0. */
  int attempt();

  /** The assignment's fencing token. */
  long fencingToken();

  /** The call's id, unique within the session. */
  String callId();

  /** The tool's name. */
  String name();

  /** The arguments as a JSON object. */
  String argumentsJson();

  /** The call's position in its step, from 0. */
  int index();

  /** The lock class the call runs under: READ calls overlap, a WRITE call runs alone. */
  OperationClass operationClass();

  /**
   * Whether the call's turn was stopped and the handler should stop early; see {@link
   * Step#isCancelled()}. The call's result is not published once it is true.
   */
  boolean isCancelled();
}
