package dev.baton.worker.lock;

import dev.baton.worker.WorkerException;

/**
 * The call has already finished under this fencing token: this is a second delivery of a call whose
 * first delivery released its lock. Not retryable: the call must not run again (its result was
 * published, and the coordinator de-duplicates results by call id and token).
 *
 * <p>{@code catch (CallAlreadyFinishedException e) { acknowledgeWithoutRunning(); }}
 */
public final class CallAlreadyFinishedException extends WorkerException {

  private static final long serialVersionUID = 1L;

  private CallAlreadyFinishedException(String message) {
    super(message, null, false);
  }

  /** {@code request}'s call is already marked finished. */
  public static CallAlreadyFinishedException alreadyFinished(LockRequest request) {
    return new CallAlreadyFinishedException(
        "The %s has already finished; it must not run again".formatted(request.describe()));
  }
}
