package dev.baton.worker.lock;

import java.time.Duration;
import java.util.Optional;

/**
 * A turn lock held by one tool call. {@link TurnLocks} renews it until it is released, so it lives
 * as long as its holder; if the holder's process dies, it expires after {@link LockOptions#ttl()}.
 *
 * <pre>{@code
 * try (CallLock lock = locks.acquire(request)) {
 *   String outcome = lock.recordedOutcome()        // recorded by a holder that died before release
 *       .orElseGet(() -> tool.run(call));         // otherwise the call starts
 *   lock.record(outcome);                          // in Redis before anyone else learns it
 *   results.publish(outcome);
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

  /**
   * How long the acquire waited for other calls before the lock was granted: zero when Redis
   * granted it at the first try (the round trip is not a wait), else the time from the acquire's
   * start.
   */
  Duration waitTime();

  /**
   * Whether the lock may no longer be held: a renewal found it taken over or the fencing token
   * superseded, or no renewal succeeded within the TTL; also, once Redis has answered a release,
   * whether the release found the lock taken over.
   */
  boolean isLost();

  /**
   * The outcome an earlier holder of this call {@linkplain #record recorded} without releasing the
   * lock (its process died between the two): the call already ran, so publish this outcome instead
   * of running it again, then release. Empty for a call that has not run.
   */
  Optional<String> recordedOutcome();

  /**
   * Records the call's outcome in Redis while the lock is still held, before the outcome is
   * published anywhere: a later delivery of the call (after this process died before {@link
   * #release()}) gets it from {@link #recordedOutcome()} instead of running the call again. Waits
   * for Redis's answer. An outcome is kept until the call is released as finished, at most the
   * keys' retention.
   *
   * @throws LockLostException if another holder took the call over (this lock expired meanwhile);
   *     the outcome is then not this holder's to publish
   * @throws LockUnavailableException if Redis cannot be reached; nothing is recorded
   */
  void record(String outcome);

  /**
   * Releases the lock and marks the call finished, then wakes the session's waiters. Does nothing
   * if already released or abandoned.
   *
   * <p>Returns once the release is sent on the connection of its {@link TurnLocks}, without waiting
   * for Redis's answer: whatever is sent on that connection later, such as the next acquire of this
   * thread, reaches Redis after it, so a call that waits for this one is granted no earlier than
   * this release is done. A failure Redis reports later (the connection dropped, no answer within
   * the command timeout, the lock taken over) is logged, and the lock then expires after its TTL
   * with the call counted as not started; {@link TurnLocks#close()} waits for the releases sent.
   *
   * @throws LockUnavailableException if the release cannot even be sent (Redis unreachable, the
   *     locks closed); the lock then expires after its TTL and the call counts as not started
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
