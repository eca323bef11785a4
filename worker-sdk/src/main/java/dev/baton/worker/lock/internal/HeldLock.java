package dev.baton.worker.lock.internal;

import dev.baton.worker.lock.CallLock;
import dev.baton.worker.lock.LockOptions;
import dev.baton.worker.lock.LockRequest;
import dev.baton.worker.lock.LockUnavailableException;
import dev.baton.worker.lock.internal.LockScripts.Script;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A granted lock, renewed every {@link LockOptions#renewEvery()} until released or lost. */
final class HeldLock implements CallLock {

  private static final Logger log = LoggerFactory.getLogger(HeldLock.class);

  private final LockEngine engine;
  private final LockRequest request;
  private final StepKeys keys;
  private final String holder;
  private final Duration waitTime;
  private final AtomicBoolean released = new AtomicBoolean();
  private volatile boolean lost;
  private volatile long confirmedNanos = System.nanoTime();
  private volatile Future<?> renewal;

  HeldLock(LockEngine engine, LockRequest request, StepKeys keys, String holder, Duration waited) {
    this.engine = engine;
    this.request = request;
    this.keys = keys;
    this.holder = holder;
    this.waitTime = waited;
  }

  /** Starts the renewals. */
  void startRenewing() {
    long every = engine.options().renewEvery().toMillis();
    renewal = engine.scheduleEvery(this::renew, every, every);
  }

  @Override
  public LockRequest request() {
    return request;
  }

  @Override
  public Duration waitTime() {
    return waitTime;
  }

  @Override
  public boolean isLost() {
    return lost;
  }

  @Override
  public void release() {
    finish(true, "release");
  }

  @Override
  public void abandon() {
    finish(false, "abandon");
  }

  @Override
  public void close() {
    release();
  }

  /**
   * Abandons the lock without waiting, logging rather than throwing a failure; for a lock that
   * nobody received. Safe on a Lettuce I/O thread.
   */
  void abandonQuietly() {
    CompletableFuture<Reply> reply = finishAsync(false);
    if (reply != null) {
      reply.whenComplete(
          (r, e) -> {
            if (e != null) {
              log.warn(
                  "Could not give back the unused turn lock of {}; it expires after its TTL: {}",
                  request.describe(),
                  LockScripts.unwrap(e).toString());
            }
          });
    }
  }

  private void finish(boolean finished, String action) {
    CompletableFuture<Reply> reply = finishAsync(finished);
    if (reply == null) {
      return;
    }
    try {
      reply.join();
    } catch (RuntimeException e) {
      throw LockUnavailableException.unreachable(action, request, LockScripts.unwrap(e));
    }
  }

  /** Runs the release script once; null if the lock was already released or abandoned. */
  private CompletableFuture<Reply> finishAsync(boolean finished) {
    if (!released.compareAndSet(false, true)) {
      return null;
    }
    stopRenewing();
    LockOptions options = engine.options();
    return engine
        .scripts()
        .run(
            Script.RELEASE,
            keys,
            String.valueOf(request.index()),
            holder,
            finished ? "1" : "0",
            String.valueOf(options.keyRetention().toMillis()),
            keys.channel())
        .thenApply(
            reply -> {
              if (reply.status() == Reply.Status.LOST) {
                lost = true;
              }
              return reply;
            });
  }

  private void renew() {
    LockOptions options = engine.options();
    engine
        .scripts()
        .run(
            Script.RENEW,
            keys,
            String.valueOf(request.fencingToken()),
            String.valueOf(request.index()),
            holder,
            String.valueOf(options.ttl().toMillis()),
            String.valueOf(options.keyRetention().toMillis()))
        .whenComplete(this::onRenewed);
  }

  private void onRenewed(Reply reply, Throwable error) {
    if (released.get()) {
      return; // a renewal that crossed the release
    }
    if (error == null && reply.status() == Reply.Status.RENEWED) {
      confirmedNanos = System.nanoTime();
    } else if (error == null) {
      log.warn("Turn lock of {} was lost: {}", request.describe(), reply.status());
      markLost();
    } else if (System.nanoTime() - confirmedNanos > engine.options().ttl().toNanos()) {
      log.warn(
          "Turn lock of {} not renewed within its TTL: {}", request.describe(), error.toString());
      markLost();
    }
  }

  private void markLost() {
    lost = true;
    stopRenewing();
  }

  private void stopRenewing() {
    Future<?> task = renewal;
    if (task != null) {
      task.cancel(false);
    }
  }
}
