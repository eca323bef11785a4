package dev.baton.worker.lock;

import java.time.Duration;

/**
 * A turn lock held by one tool call. {@link TurnLocks} renews it until it is released, so it lives
 * as long as its holder; if the holder's process dies, it expires after {@link LockOptions#ttl()}.
 *
 * <pre>{@code
 * try (CallLock lock = locks.acquire(request)) {
 *   ToolResult result = tool.run(call);          // the call has started
 *   events.lockWaited(lock.waitTime());
 * }                                              // released: the call counts as finished
 * }</pre>
 *
 * <p>Release with {@link #release()} once the call's outcome is final (its result is published,
 * success or permanent failure): the call then counts as finished and the calls that wait for it
 * may start. Use {@link #abandon()} instead when the call will be retried (a retryable failure):
 * the call then counts as not started, and the calls that wait for it keep waiting for the retry.
 */
public interface CallLock extends AutoCloseable {

  /** The request this lock was acquired for. */
  LockRequest request();

  /** How long the acquire waited before the lock was granted. */
  Duration waitTime();

  /**
   * Whether the lock may no longer be held: a renewal found it taken over or the fencing token
   * superseded, or no renewal succeeded within the TTL.
   */
  boolean isLost();

  /**
   * Releases the lock and marks the call finished, then wakes the session's waiters. Does nothing
   * if already released or abandoned.
   *
   * @throws LockUnavailableException if Redis cannot be reached; the lock then expires after its
   *     TTL and the call counts as not started
   */
  void release();

  /**
   * Releases the lock but leaves the call unstarted, for a call that will be retried. Does nothing
   * if already released or abandoned.
   *
   * @throws LockUnavailableException if Redis cannot be reached; the lock then expires after its
   *     TTL with the same effect
   */
  void abandon();

  /** Same as {@link #release()}. */
  @Override
  void close();
}
