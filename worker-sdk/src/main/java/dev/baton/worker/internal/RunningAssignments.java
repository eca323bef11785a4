package dev.baton.worker.internal;

import dev.baton.schemas.avro.Assignment;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The assignments whose handlers run in this worker process, so that a turn's STOP signal reaches
 * them, and the sessions' stopped tokens, so that late assignments of ended turns do not run.
 * Thread-safe: the turn-signal thread stops, handler threads register and end.
 */
public final class RunningAssignments {

  private static final Logger log = LoggerFactory.getLogger(RunningAssignments.class);

  private final Set<Handle> running = ConcurrentHashMap.newKeySet();
  private final StoppedTurns stopped;

  /** Remembers up to {@value StoppedTurns#DEFAULT_CAPACITY} stopped turns. */
  public RunningAssignments() {
    this(StoppedTurns.DEFAULT_CAPACITY);
  }

  RunningAssignments(int stoppedCapacity) {
    this.stopped = new StoppedTurns(stoppedCapacity);
  }

  /**
   * Registers a handler about to run {@code assignment}; {@code onCancel} runs once, on the signal
   * thread, if its turn is stopped. Returns a handle that is cancelled already if the turn was
   * stopped before (then {@code onCancel} does not run). Close the handle when the handler ends.
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
      return true;
    }

    /** Ends the registration; the handler ended. */
    @Override
    public void close() {
      running.remove(this);
    }
  }
}
