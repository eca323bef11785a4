package dev.baton.worker.internal;

import dev.baton.worker.WorkerException;
import dev.baton.worker.WorkerState;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A worker's state machine: {@code NEW -> RUNNING -> SHUTTING_DOWN -> TERMINATED}, or {@code NEW ->
 * TERMINATED}. Thread-safe.
 */
public final class Lifecycle {

  private final AtomicReference<WorkerState> state = new AtomicReference<>(WorkerState.NEW);
  private final CountDownLatch terminated = new CountDownLatch(1);

  /** The current state. */
  public WorkerState state() {
    return state.get();
  }

  /**
   * Moves from {@code NEW} to {@code RUNNING}.
   *
   * @throws WorkerException if the worker is not {@code NEW}
   */
  public void starting() {
    if (!state.compareAndSet(WorkerState.NEW, WorkerState.RUNNING)) {
      throw WorkerException.illegalState("start", state.get());
    }
  }

  /**
   * Moves towards shutdown: {@code NEW} terminates at once, {@code RUNNING} becomes {@code
   * SHUTTING_DOWN}. Returns whether a running worker has to be stopped, which is also true while it
   * is shutting down (so {@code shutdownNow} can follow {@code shutdown}).
   */
  public boolean shuttingDown() {
    if (state.compareAndSet(WorkerState.NEW, WorkerState.TERMINATED)) {
      terminated.countDown();
      return false;
    }
    state.compareAndSet(WorkerState.RUNNING, WorkerState.SHUTTING_DOWN);
    return state.get() == WorkerState.SHUTTING_DOWN;
  }

  /** Moves to {@code TERMINATED} and wakes up every waiter. */
  public void terminated() {
    state.set(WorkerState.TERMINATED);
    terminated.countDown();
  }

  /**
   * Waits until {@code TERMINATED}, at most {@code timeout}; returns whether it is.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }
}
