/**
 * The turn lock: read/write locks in Redis between the tool calls of one step of a turn, fenced by
 * the attempt's token. Reads overlap, a write runs alone after the calls before it, and the agent's
 * order is kept for every pair of calls that conflict.
 *
 * <pre>{@code
 * TurnLocks locks = TurnLocks.create("redis://localhost:6379", LockOptions.defaults());
 * try (CallLock lock = locks.acquire(request)) {
 *   runTool(call);
 * }
 * }</pre>
 */
package dev.baton.worker.lock;
