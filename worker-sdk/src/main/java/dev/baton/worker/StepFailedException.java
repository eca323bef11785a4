package dev.baton.worker;

import java.util.Objects;

/**
 * Thrown by a handler to fail its step, saying at the throw site whether another attempt may
 * succeed.
 *
 * <ul>
 *   <li>{@link #retryable}: the SDK releases the assignment ({@code RELEASE}) without publishing a
 *       result, so the share group delivers it again, to this or another worker. On the last
 *       delivery the worker's {@link WorkerOptions.AbstractBuilder#deliveryLimit deliveryLimit}
 *       allows, it publishes {@code StepFailed(retryable = true)} with code {@code POISON} and
 *       rejects the assignment instead, and the coordinator decides whether to try again. Use it
 *       for transient failures: a rate-limited model, a timeout.
 *   <li>{@link #nonRetryable}: the SDK publishes {@code StepFailed(retryable = false)} with the
 *       code and message, then rejects the assignment ({@code REJECT}); it is never delivered again
 *       and the coordinator fails the turn.
 * </ul>
 *
 * <p>Any other exception from a handler is treated as non-retryable with code {@value
 * #HANDLER_EXCEPTION}, unless it is a {@link dev.baton.schemas.BatonException} that says it is
 * retryable.
 *
 * <pre>{@code
 * catch (RateLimitedException e) {
 *   throw StepFailedException.retryable("model rate limited", e);
 * }
 * }</pre>
 */
public final class StepFailedException extends WorkerException {

  /** The failure code of an exception that is not a {@code StepFailedException}. */
  public static final String HANDLER_EXCEPTION = "HANDLER_EXCEPTION";

  /** The failure code of a retryable {@code StepFailedException}. */
  public static final String RETRYABLE = "RETRYABLE";

  private static final long serialVersionUID = 1L;

  private final String code;

  private StepFailedException(String code, String message, Throwable cause, boolean retryable) {
    super(message, cause, retryable);
    this.code = Objects.requireNonNull(code, "code");
  }

  /** A transient failure: the assignment is released and delivered again. */
  public static StepFailedException retryable(String message, Throwable cause) {
    return new StepFailedException(RETRYABLE, message, cause, true);
  }

  /** A transient failure: the assignment is released and delivered again. */
  public static StepFailedException retryable(String message) {
    return retryable(message, null);
  }

  /**
   * A permanent failure: {@code StepFailed} is published with {@code code} (stable and
   * machine-readable, such as {@code CONTEXT_TOO_LONG}) and the assignment is rejected.
   */
  public static StepFailedException nonRetryable(String code, String message, Throwable cause) {
    return new StepFailedException(code, message, cause, false);
  }

  /** A permanent failure; see {@link #nonRetryable(String, String, Throwable)}. */
  public static StepFailedException nonRetryable(String code, String message) {
    return nonRetryable(code, message, null);
  }

  /** The failure's stable code. */
  public String code() {
    return code;
  }
}
