package dev.baton.worker.internal;

/**
 * Makes sure this worker has read a session's turn signals before work of the session starts, so
 * that work whose turn was stopped before it started does not start at all.
 */
@FunctionalInterface
public interface SignalBarrier {

  /** A barrier that has nothing to read: every session's signals count as read. */
  SignalBarrier NONE = sessionId -> true;

  /**
   * Waits until every turn signal of {@code sessionId} committed before this call is applied to the
   * worker's stopped turns. Returns false if that could not be done within the barrier's bound (the
   * broker is slow or the signals are not being read): the caller must then not start the work.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  boolean awaitSignalsOf(String sessionId) throws InterruptedException;
}
