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
   * The fencing token of this dispatch of the call. Every dispatch has its own: a dispatch the
   * coordinator sends after giving up on an earlier one (its lease expired, it did not start) has a
   * greater token than every earlier dispatch of the same call, every call of the step has a
   * greater one than every dispatch of the calls before it, and every later step and turn of the
   * session a greater one still. So among calls that conflict (at least one a {@code WRITE}),
   * whichever the turn lock or ordered dispatch lets run later has the greater token.
   *
   * <p>Pass it to the systems the tool writes to and let them keep the highest token they have seen
   * and refuse a write with a lower one: a zombie (a dispatch the coordinator gave up on that still
   * runs, a handler that ignored {@link #isCancelled()} and outlived its lock, or one of an ended
   * turn) is then refused once a newer dispatch has written. This holds while Redis is down too,
   * when the coordinator orders the calls itself and no lock keeps dispatches apart. A second
   * delivery of the same dispatch (the share group's) carries the same token; the turn lock keeps
   * such deliveries from running side by side. The turn lock itself is taken under the step's
   * token, which all calls of the step share.
   *
   * <pre>{@code
   * store.write(key, value, call.fencingToken());   // the store refuses lower tokens
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
