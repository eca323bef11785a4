package dev.baton.worker.lock;

import dev.baton.worker.WorkerException;

/**
 * Redis could not be reached, or {@link TurnLocks} is closed. Retryable: the call did not start, so
 * the caller reports it as not started and the coordinator may dispatch the step in order instead.
 *
 * <p>{@code catch (LockUnavailableException e) { reportNotStarted(call, e); }}
 */
public final class LockUnavailableException extends WorkerException {

  private static final long serialVersionUID = 1L;

  private LockUnavailableException(String message, Throwable cause) {
    super(message, cause, true);
  }

  /** Redis failed or did not answer while {@code action} (acquire, release...) for a request. */
  public static LockUnavailableException unreachable(
      String action, LockRequest request, Throwable cause) {
    return new LockUnavailableException(
        "Redis is unavailable to %s the turn lock of %s: %s"
            .formatted(action, request.describe(), cause),
        cause);
  }

  /** Redis could not be reached at {@code uri} when the locks were created. */
  public static LockUnavailableException cannotConnect(String uri, Throwable cause) {
    return new LockUnavailableException(
        "Cannot connect to Redis at %s for turn locks: %s".formatted(uri, cause), cause);
  }

  /** The {@link TurnLocks} were closed while {@code request} was waiting or about to. */
  public static LockUnavailableException closed(LockRequest request) {
    return new LockUnavailableException(
        "The turn locks are closed; %s did not start".formatted(request.describe()), null);
  }
}
