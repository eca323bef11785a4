package dev.baton.worker.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * How a worker gathers the text its steps emit into deltas ({@link DeltaStream}).
 *
 * @param linger how long emitted text may wait for more; zero sends every emit at once
 * @param maxValueBytes the largest serialized delta, the producer's record limit (see {@link
 *     ResultPublisher#maxValueBytes()})
 * @param timer what sends a batch once its linger has passed; one per worker
 */
record DeltaBatching(Duration linger, int maxValueBytes, Timer timer) {

  /** Runs a task once, after a delay. */
  @FunctionalInterface
  interface Timer {
    /**
     * Runs {@code task} after {@code delay}.
     *
     * @return what cancels it
     * @throws RejectedExecutionException if the timer has stopped (the worker is closing)
     */
    Cancellable schedule(Runnable task, Duration delay);
  }

  /** A scheduled task that may be cancelled. */
  @FunctionalInterface
  interface Cancellable {
    /** Cancels the task if it has not run; does nothing otherwise. */
    void cancel();
  }

  /** A timer that takes no task: for batching without a linger. */
  static final Timer NO_TIMER =
      (task, delay) -> {
        throw new RejectedExecutionException("this batching has no timer");
      };

  /** Checks the values. */
  DeltaBatching {
    Objects.requireNonNull(linger, "linger");
    Objects.requireNonNull(timer, "timer");
    if (linger.isNegative()) {
      throw new IllegalArgumentException("linger must not be negative, got " + linger);
    }
    if (maxValueBytes < 1) {
      throw new IllegalArgumentException("maxValueBytes must be positive, got " + maxValueBytes);
    }
  }

  /** Every emit is sent at once, cut into deltas of at most {@code maxValueBytes}. */
  static DeltaBatching immediate(int maxValueBytes) {
    return new DeltaBatching(Duration.ZERO, maxValueBytes, NO_TIMER);
  }

  /** The timer of {@code executor}, which the caller shuts down. */
  static Timer on(ScheduledExecutorService executor) {
    Objects.requireNonNull(executor, "executor");
    return (task, delay) -> {
      ScheduledFuture<?> scheduled = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
      return () -> scheduled.cancel(false);
    };
  }
}
