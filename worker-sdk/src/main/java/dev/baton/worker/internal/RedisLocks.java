package dev.baton.worker.internal;

import dev.baton.worker.lock.CallLock;
import dev.baton.worker.lock.LockOptions;
import dev.baton.worker.lock.LockRequest;
import dev.baton.worker.lock.LockUnavailableException;
import dev.baton.worker.lock.TurnLocks;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's one {@link TurnLocks}, connected when the worker starts or, if Redis is unreachable
 * then, by the first call that needs it. Until it connects every acquire fails with {@link
 * LockUnavailableException}, so the calls are reported not started rather than the worker failing
 * to start. Thread-safe.
 */
final class RedisLocks implements Locks {

  private static final Logger log = LoggerFactory.getLogger(RedisLocks.class);

  private final String redisUri;
  private final LockOptions options;
  // Not synchronized: connecting may block for the command timeout, and virtual threads must not
  // pin their carrier meanwhile.
  private final ReentrantLock guard = new ReentrantLock();
  private TurnLocks locks;
  private boolean closed;

  RedisLocks(String redisUri, LockOptions options) {
    this.redisUri = Objects.requireNonNull(redisUri, "redisUri");
    this.options = Objects.requireNonNull(options, "options");
    guard.lock();
    try {
      locks = TurnLocks.create(redisUri, options);
    } catch (LockUnavailableException e) {
      log.warn(
          "Cannot connect to Redis for turn locks yet; tool calls will not start until it can", e);
    } finally {
      guard.unlock();
    }
  }

  @Override
  public CallLock acquire(LockRequest request) {
    return connected(request).acquire(request);
  }

  @Override
  public void close() {
    guard.lock();
    try {
      closed = true;
      if (locks != null) {
        locks.close();
      }
    } finally {
      guard.unlock();
    }
  }

  private TurnLocks connected(LockRequest request) {
    guard.lock();
    try {
      if (closed) {
        throw LockUnavailableException.closed(request);
      }
      if (locks == null) {
        locks = TurnLocks.create(redisUri, options);
        log.info("Connected to Redis for turn locks");
      }
      return locks;
    } finally {
      guard.unlock();
    }
  }
}
