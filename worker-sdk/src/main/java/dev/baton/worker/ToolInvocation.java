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

  /**
   * The fencing token of the call's assignment: the one token of its step's tool calls, under which
   * the turn lock is taken. Tokens grow with every assignment of the session, so every later step
   * and every later turn carries a greater one. Pass it to the systems the tool writes to and let
   * them refuse a write whose token is lower than the highest they have seen: a zombie of an ended
   * turn (a handler that ignored {@link #isCancelled()} and outlived its lock) is then refused once
   * the next turn has written. A second delivery of the same call carries the same token; the turn
   * lock keeps such deliveries from running side by side.
   *
   * <pre>{@code
   * store.write(key, value, call.fencingToken());   // the store refuses older tokens
   * }</pre>
   */
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
   * Whether the handler should stop early: the call's turn was stopped (see {@link
   * Step#isCancelled()}), or the call lost its turn lock (taken over by another delivery, fenced by
   * a newer token, or not renewed within its TTL). The call's result is not published once it is
   * true.
   */
  boolean isCancelled();
}
