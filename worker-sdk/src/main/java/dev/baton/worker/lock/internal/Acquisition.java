package dev.baton.worker.lock.internal;

import dev.baton.worker.lock.CallAlreadyFinishedException;
import dev.baton.worker.lock.CallLock;
import dev.baton.worker.lock.LockOptions;
import dev.baton.worker.lock.LockRequest;
import dev.baton.worker.lock.LockTimeoutException;
import dev.baton.worker.lock.LockUnavailableException;
import dev.baton.worker.lock.StaleTokenException;
import dev.baton.worker.lock.internal.LockScripts.Script;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One wait for a lock. It runs the acquire script; on WAIT it subscribes to the session's channel
 * and runs the script again when the call it waits for is released, on a newer token, or on its
 * slow backstop poll, until it is granted, refused or times out. At most one script run is in
 * flight; a wake-up during a run causes one more run after it.
 *
 * <p>The acquire timeout is scheduled on the first WAIT, for what is left of it: a lock granted at
 * once schedules nothing. A first answer that comes after the timeout (a slow Redis; each command
 * is bounded by the command timeout) counts as a timeout too.
 */
final class Acquisition implements Wakeups.Waiter {

  private final LockEngine engine;
  private final LockRequest request;
  private final StepKeys keys;
  private final String holder;
  private final long startNanos = System.nanoTime();
  private final CompletableFuture<CallLock> result = new CompletableFuture<>();
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicBoolean wanted = new AtomicBoolean();
  private volatile int blocker = -1;

  /** Whether Redis has answered WAIT at least once: the call waited for others. */
  private volatile boolean blocked;

  private boolean subscribed;
  private Future<?> timeout;
  private Future<?> backstop;

  Acquisition(LockEngine engine, LockRequest request, String holder) {
    this.engine = engine;
    this.request = request;
    this.keys = StepKeys.of(request);
    this.holder = holder;
  }

  /** Starts waiting; the future completes with the held lock or a lock exception. */
  CompletableFuture<CallLock> start() {
    result.whenComplete((lock, error) -> stop());
    tryAgain();
    return result;
  }

  /** Ends the wait because the locks are closed, unless it has ended. */
  void failClosed() {
    fail(LockUnavailableException.closed(request));
  }

  /** Ends the wait with {@code error} unless it has ended. */
  private void fail(RuntimeException error) {
    result.completeExceptionally(error);
  }

  @Override
  public void wake(Notice notice) {
    // While a run is in flight its answer is unknown: the notice may concern the call it will name.
    if (running.get() || notice.mayUnblock(keys, request.fencingToken(), blocker)) {
      tryAgain();
    }
  }

  private void tryAgain() {
    wanted.set(true);
    if (result.isDone() || !running.compareAndSet(false, true)) {
      return;
    }
    wanted.set(false);
    LockOptions options = engine.options();
    engine
        .scripts()
        .run(
            Script.ACQUIRE,
            keys,
            String.valueOf(request.fencingToken()),
            String.valueOf(request.index()),
            LockEngine.classLetters(request),
            holder,
            String.valueOf(options.ttl().toMillis()),
            String.valueOf(options.keyRetention().toMillis()),
            keys.channel())
        .whenComplete(this::onReply);
  }

  private void onReply(Reply reply, Throwable error) {
    if (error == null && reply.status() == Reply.Status.WAIT) {
      // Set before the run counts as over, so that a wake-up never sees a stale blocker.
      blocker = (int) reply.value();
      blocked = true;
    }
    running.set(false);
    if (error != null) {
      fail(LockUnavailableException.unreachable("acquire", request, LockScripts.unwrap(error)));
      return;
    }
    switch (reply.status()) {
      case GRANTED -> grant(reply.outcome());
      case WAIT -> waitFor(reply.expiresInMillis());
      case STALE -> fail(StaleTokenException.stale(request, reply.value()));
      case FINISHED -> fail(CallAlreadyFinishedException.alreadyFinished(request));
      default -> fail(new IllegalStateException("Unexpected acquire reply " + reply));
    }
  }

  private void grant(String recordedOutcome) {
    Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
    if (elapsed.compareTo(engine.options().acquireTimeout()) > 0) {
      timeOut(); // the timeout task may not have run yet, or was never scheduled
    }
    // Granted at the first try: the round trip to Redis is not a wait for another call.
    Duration waited = blocked ? elapsed : Duration.ZERO;
    HeldLock lock = engine.hold(request, keys, holder, waited, recordedOutcome);
    if (!result.complete(lock)) {
      // Timed out, cancelled or closed meanwhile: the caller never gets the lock, so the call never
      // starts; give the lock back without marking the call finished.
      lock.abandonQuietly();
    }
  }

  private void waitFor(long expiresInMillis) {
    if (expiresInMillis >= 0) {
      // Held by another delivery of this call: its expiry publishes nothing, so look again then.
      engine.schedule(this::tryAgain, expiresInMillis + 1);
    }
    CompletableFuture<Void> subscription = subscribe();
    if (subscription != null) {
      // A release between this run and the subscription would be missed: run once more after it.
      subscription.whenComplete((ok, e) -> tryAgain());
    } else if (wanted.get()) {
      tryAgain();
    }
  }

  /**
   * Subscribes on the first WAIT and starts the timeout and the backstop poll; null if already done
   * or ended.
   */
  private synchronized CompletableFuture<Void> subscribe() {
    if (subscribed || result.isDone()) {
      return null;
    }
    subscribed = true;
    long left = engine.options().acquireTimeout().toNanos() - (System.nanoTime() - startNanos);
    timeout = engine.schedule(this::timeOut, Math.max(0, TimeUnit.NANOSECONDS.toMillis(left)));
    backstop = engine.scheduleEvery(this::tryAgain, firstPoll(), pollMillis());
    return engine.wakeups().add(keys.channel(), this);
  }

  private void timeOut() {
    fail(LockTimeoutException.timedOut(request, engine.options().acquireTimeout(), blocker));
  }

  private synchronized void stop() {
    if (timeout != null) {
      timeout.cancel(false);
    }
    if (backstop != null) {
      backstop.cancel(false);
    }
    if (subscribed) {
      engine.wakeups().remove(keys.channel(), this);
    }
    engine.forget(this);
  }

  private long pollMillis() {
    return Math.max(1, engine.options().backstopPoll().toMillis());
  }

  /** Spreads the waiters' polls over the interval so that they do not poll in step. */
  private long firstPoll() {
    long poll = pollMillis();
    return poll / 2 + ThreadLocalRandom.current().nextLong(poll / 2 + 1);
  }
}
