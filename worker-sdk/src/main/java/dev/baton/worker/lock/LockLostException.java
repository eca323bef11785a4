package dev.baton.worker.lock;

import dev.baton.worker.WorkerException;

/**
 * The lock is no longer this holder's: its entry expired and another delivery of the call took the
 * call over, or it was released. Not retryable: the call's outcome belongs to the other holder, so
 * this one must not publish it.
 *
 * <p>{@code catch (LockLostException e) { dropResult(); }}
 */
public final class LockLostException extends WorkerException {

  private static final long serialVersionUID = 1L;

  private LockLostException(String message) {
    super(message, null, false);
  }

  /** {@code request}'s call was taken over by another holder. */
  public static LockLostException takenOver(LockRequest request) {
    return new LockLostException(
        "The turn lock of %s was taken over by another holder; its outcome is not this holder's"
            .formatted(request.describe()));
  }
}
