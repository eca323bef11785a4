package dev.baton.worker.internal;

import dev.baton.schemas.avro.Assignment;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The assignments whose handlers run in this worker process, so that a turn's STOP signal reaches
 * them, and the sessions' stopped tokens, so that late assignments of ended turns do not run. With
 * a cancel grace, the thread of a cancelled handler that has not ended that long after the stop is
 * interrupted. Thread-safe: the turn-signal thread stops, handler threads register and end.
 */
public final class RunningAssignments {

  private static final Logger log = LoggerFactory.getLogger(RunningAssignments.class);

  private final Set<Handle> running = ConcurrentHashMap.newKeySet();
  private final StoppedTurns stopped;
  private final Duration cancelGrace;

  /**
   * Remembers up to {@value StoppedTurns#DEFAULT_CAPACITY} stopped turns and never interrupts a
   * handler.
   */
  public RunningAssignments() {
    this(StoppedTurns.DEFAULT_CAPACITY, null);
  }

  /**
   * Remembers up to {@value StoppedTurns#DEFAULT_CAPACITY} stopped turns and interrupts the thread
   * of a cancelled handler that has not ended {@code cancelGrace} after its stop.
   */
  public RunningAssignments(Duration cancelGrace) {
    this(StoppedTurns.DEFAULT_CAPACITY, Objects.requireNonNull(cancelGrace, "cancelGrace"));
  }

  RunningAssignments(int stoppedCapacity) {
    this(stoppedCapacity, null);
  }

  private RunningAssignments(int stoppedCapacity, Duration cancelGrace) {
    this.stopped = new StoppedTurns(stoppedCapacity);
    this.cancelGrace = cancelGrace;
  }

  /**
   * Registers a handler about to run {@code assignment} on the calling thread; {@code onCancel}
   * runs once, on the signal thread, if its turn is stopped, and with a cancel grace the calling
   * thread is interrupted if the handle is not closed that long after. Returns a handle that is
   * cancelled already if the turn was stopped before (then {@code onCancel} does not run and
   * nothing is interrupted). Close the handle when the handler ends.
   */
  public Handle register(Assignment assignment, Runnable onCancel) {
    Handle handle = new Handle(assignment, onCancel);
    running.add(handle);
    if (isStopped(assignment)) {
      handle.cancelled.set(true);
    }
    return handle;
  }

  /** Whether {@code assignment}'s turn was stopped for its fencing token. */
  public boolean isStopped(Assignment assignment) {
    synchronized (stopped) {
      return stopped.isStopped(assignment.getSessionId(), assignment.getFencingToken());
    }
  }

  /**
   * Stops the work of {@code sessionId} with a fencing token up to {@code upToFencingToken}: turn
   * {@code turnId} ended then, and since tokens only grow, so had every earlier turn of the
   * session. Running handlers of that work are cancelled, and the stop is remembered. Returns how
   * many running handlers it cancelled.
   */
  public int stop(String sessionId, String turnId, long upToFencingToken) {
    synchronized (stopped) {
      stopped.stop(sessionId, upToFencingToken);
    }
    int cancelled = 0;
    for (Handle handle : running) {
      Assignment a = handle.assignment;
      if (a.getSessionId().equals(sessionId)
          && a.getFencingToken() <= upToFencingToken
          && handle.cancel()) {
        cancelled++;
      }
    }
    return cancelled;
  }

  /** How many handlers are registered. */
  public int size() {
    return running.size();
  }

  /** A running handler's registration: whether it is cancelled. */
  public final class Handle implements AutoCloseable {

    private final Assignment assignment;
    private final Runnable onCancel;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final Thread handler = Thread.currentThread();
    private final CountDownLatch ended = new CountDownLatch(1);

    private Handle(Assignment assignment, Runnable onCancel) {
      this.assignment = Objects.requireNonNull(assignment, "assignment");
      this.onCancel = Objects.requireNonNull(onCancel, "onCancel");
    }

    /** Whether the handler's turn was stopped. */
    public boolean isCancelled() {
      return cancelled.get();
    }

    private boolean cancel() {
      if (!cancelled.compareAndSet(false, true)) {
        return false;
      }
      log.info("Assignment {} is cancelled: its turn was stopped", assignment.getAssignmentId());
      try {
        onCancel.run();
      } catch (RuntimeException e) {
        log.warn("Cancelling {} failed", assignment.getAssignmentId(), e);
      }
      if (cancelGrace != null) {
        Thread.ofVirtual()
            .name("baton-cancel-grace-" + assignment.getAssignmentId())
            .start(this::interruptAfterGrace);
      }
      return true;
    }

    private void interruptAfterGrace() {
      try {
        Grace.endOrForce(cancelGrace, this::awaitEnd, this::interruptHandler);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private boolean awaitEnd(Duration timeout) throws InterruptedException {
      return ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Interrupts the handler's thread unless the handle was closed: the thread may run on. */
    private synchronized void interruptHandler() {
      if (ended.getCount() == 0) {
        return;
      }
      log.warn(
          "The handler of {} still runs {} after its turn was stopped; interrupting it",
          assignment.getAssignmentId(),
          cancelGrace);
      handler.interrupt();
    }

    /** Ends the registration; the handler ended. */
    @Override
    public void close() {
      synchronized (this) {
        ended.countDown();
      }
      running.remove(this);
    }
  }
}
