package dev.baton.worker.internal;

import dev.baton.worker.lock.CallLock;
import dev.baton.worker.lock.LockRequest;

/**
 * The turn locks of one worker process, as the tool runner uses them; {@link RedisLocks} in
 * production, a fake in the SDK's own tests.
 */
public interface Locks extends AutoCloseable {

  /**
   * Waits for the lock of {@code request}; throws what {@link
   * dev.baton.worker.lock.TurnLocks#acquire} throws.
   */
  CallLock acquire(LockRequest request);

  /** Closes the connections; held locks expire. */
  @Override
  void close();
}
