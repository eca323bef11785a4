package dev.baton.worker;

import dev.baton.schemas.BatonException;

/**
 * The root of the worker SDK's unchecked exceptions: a bad option, a lifecycle call in the wrong
 * state, or a failed step. Each is built by a static factory that names its context, and says
 * whether retrying may succeed.
 *
 * <p>{@code throw WorkerException.invalidOption("maxInFlight", 0, "an integer from 1 to 10000");}
 */
public class WorkerException extends BatonException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception; use the static factories.
   *
   * @param message the message, naming the context of the failure
   * @param cause the cause, or null
   * @param retryable whether retrying may succeed
   */
  protected WorkerException(String message, Throwable cause, boolean retryable) {
    super(message, cause, retryable);
  }

  /** An option has a value that is not allowed. */
  public static WorkerException invalidOption(String option, Object value, String allowed) {
    return new WorkerException(
        "Worker option %s=%s is not allowed: expected %s".formatted(option, value, allowed),
        null,
        false);
  }

  /**
   * A history message could not be read from the coordinator ({@code what}); retryable when the
   * coordinator may answer later.
   */
  public static WorkerException historyUnavailable(
      String what, Throwable cause, boolean retryable) {
    return new WorkerException(
        "Cannot read %s from the coordinator%s".formatted(what, cause == null ? "" : ": " + cause),
        cause,
        retryable);
  }

  /** A lifecycle method was called in a state that does not allow it. */
  public static WorkerException illegalState(String action, WorkerState state) {
    return new WorkerException(
        "Cannot %s a worker that is %s".formatted(action, state), null, false);
  }
}
