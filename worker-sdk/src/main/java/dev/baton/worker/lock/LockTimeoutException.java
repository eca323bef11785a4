package dev.baton.worker.lock;

import dev.baton.worker.WorkerException;
import java.time.Duration;

/**
 * The turn lock was not granted within {@link LockOptions#acquireTimeout()}. Retryable: the call
 * did not start, and another attempt may find the earlier calls finished.
 *
 * <p>{@code catch (LockTimeoutException e) { reportNotStarted(call, e); }}
 */
public final class LockTimeoutException extends WorkerException {

  private static final long serialVersionUID = 1L;

  private LockTimeoutException(String message) {
    super(message, null, true);
  }

  /**
   * The wait for {@code request} ran out after {@code timeout}, blocked by call {@code blocker}.
   */
  public static LockTimeoutException timedOut(LockRequest request, Duration timeout, int blocker) {
    String by = blocker == request.index() ? "another delivery of it" : "call " + blocker;
    return new LockTimeoutException(
        "Timed out after %s waiting for the turn lock of %s, held back by %s; the call did not start"
            .formatted(timeout, request.describe(), by));
  }

  /** The thread waiting for {@code request} was interrupted. */
  public static LockTimeoutException interrupted(LockRequest request) {
    return new LockTimeoutException(
        "Interrupted while waiting for the turn lock of %s; the call did not start"
            .formatted(request.describe()));
  }
}
