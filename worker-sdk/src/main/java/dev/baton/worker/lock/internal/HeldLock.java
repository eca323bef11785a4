package dev.baton.worker.lock.internal;

import dev.baton.worker.lock.CallLock;
import dev.baton.worker.lock.LockLostException;
import dev.baton.worker.lock.LockOptions;
import dev.baton.worker.lock.LockRequest;
import dev.baton.worker.lock.LockUnavailableException;
import dev.baton.worker.lock.internal.LockScripts.Script;
import io.lettuce.core.RedisCommandExecutionException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A granted lock, renewed by the engine's sweep at most {@link LockOptions#renewEvery()} after its
 * grant or last renewal, until released or lost. {@link #release()} returns once the release is
 * sent, without waiting for Redis's answer; {@link #abandon()} waits for it.
 */
final class HeldLock implements CallLock {

  private static final Logger log = LoggerFactory.getLogger(HeldLock.class);

  private final LockEngine engine;
  private final LockRequest request;
  private final StepKeys keys;
  private final String holder;
  private final Duration waitTime;
  private final Optional<String> recordedOutcome;
  private final AtomicBoolean released = new AtomicBoolean();
  private volatile boolean lost;
  private volatile long confirmedNanos = System.nanoTime();
  private volatile long renewedNanos = confirmedNanos;

  HeldLock(
      LockEngine engine,
      LockRequest request,
      StepKeys keys,
      String holder,
      Duration waited,
      String recordedOutcome) {
    this.engine = engine;
    this.request = request;
    this.keys = keys;
    this.holder = holder;
    this.waitTime = waited;
    this.recordedOutcome = Optional.ofNullable(recordedOutcome);
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
  public Optional<String> recordedOutcome() {
    return recordedOutcome;
  }

  @Override
  public void record(String outcome) {
    Objects.requireNonNull(outcome, "outcome");
    if (released.get()) {
      throw new IllegalStateException("The lock of " + request.describe() + " was given up");
    }
    Reply reply;
    try {
      reply =
          engine
              .scripts()
              .run(
                  Script.RECORD,
                  keys,
                  String.valueOf(request.index()),
                  holder,
                  outcome,
                  String.valueOf(engine.options().keyRetention().toMillis()))
              .join();
    } catch (RuntimeException e) {
      throw LockUnavailableException.unreachable("record", request, LockScripts.unwrap(e));
    }
    if (reply.status() != Reply.Status.RECORDED) {
      markLost();
      throw LockLostException.takenOver(request);
    }
  }

  @Override
  public void release() {
    CompletableFuture<Reply> reply = finishAsync(true);
    if (reply == null) {
      return;
    }
    if (reply.isCompletedExceptionally() && !answeredByRedis(reply)) {
      throwUnreachable(reply, "release"); // rejected at once: Redis unreachable or locks closed
    }
    engine.track(reply);
    reply.whenComplete(this::onReleased);
  }

  @Override
  public void abandon() {
    CompletableFuture<Reply> reply = finishAsync(false);
    if (reply != null) {
      throwUnreachable(reply, "abandon");
    }
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

  /**
   * Whether a failed {@code reply} is Redis's own answer (such as a refused script): the release
   * was sent, and a quick refusal must not look like one that could not be sent.
   */
  private static boolean answeredByRedis(CompletableFuture<Reply> reply) {
    return LockScripts.unwrap(reply.exceptionNow()) instanceof RedisCommandExecutionException;
  }

  /** Waits for {@code reply}; throws {@link LockUnavailableException} if it failed. */
  private void throwUnreachable(CompletableFuture<Reply> reply, String action) {
    try {
      reply.join();
    } catch (RuntimeException e) {
      throw LockUnavailableException.unreachable(action, request, LockScripts.unwrap(e));
    }
  }

  private void onReleased(Reply reply, Throwable error) {
    if (error != null) {
      log.warn(
          "Releasing the turn lock of {} failed; it expires after its TTL and the call counts as"
              + " not started: {}",
          request.describe(),
          LockScripts.unwrap(error).toString());
    } else if (reply.status() == Reply.Status.LOST) {
      log.warn(
          "The turn lock of {} was taken over before its release; the call was not marked finished",
          request.describe());
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

  /**
   * Renews the lock if its last renewal (or grant) is at least {@code dueNanos} old at {@code
   * nowNanos}; called by the engine's sweep.
   */
  void renewIfDue(long nowNanos, long dueNanos) {
    if (nowNanos - renewedNanos >= dueNanos && !released.get() && !lost) {
      renewedNanos = nowNanos;
      renew();
    }
  }

  /** Handles a renewal that could not even be sent. */
  void renewalFailed(Throwable error) {
    onRenewed(null, error);
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
            String.valueOf(options.keyRetention().toMillis()),
            LockEngine.letter(request.operationClass()))
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
    engine.stopRenewing(this);
  }
}
