package dev.baton.worker.lock;

import dev.baton.worker.WorkerException;

/**
 * The request's fencing token is older than the session's newest: the coordinator has assigned the
 * work again, so this attempt is a zombie. Not retryable: the call must not run.
 *
 * <p>{@code catch (StaleTokenException e) { dropAssignment(); }}
 */
public final class StaleTokenException extends WorkerException {

  private static final long serialVersionUID = 1L;

  private final long newestToken;

  private StaleTokenException(String message, long newestToken) {
    super(message, null, false);
    this.newestToken = newestToken;
  }

  /** {@code request} carries a token older than {@code newestToken}. */
  public static StaleTokenException stale(LockRequest request, long newestToken) {
    return new StaleTokenException(
        "Stale fencing token for the turn lock of %s: the session's newest token is %d; the call must not run"
            .formatted(request.describe(), newestToken),
        newestToken);
  }

  /** The session's newest token when the request was refused. */
  public long newestToken() {
    return newestToken;
  }
}
