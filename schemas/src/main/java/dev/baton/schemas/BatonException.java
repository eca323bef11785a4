package dev.baton.schemas;

/**
 * The root of Baton's unchecked exceptions. Each subclass is built by static factories that write
 * the message with its context, and says whether retrying the failed operation may succeed.
 *
 * <p>{@code catch (BatonException e) { if (e.isRetryable()) retryLater(); else skipRecord(); }}
 */
public class BatonException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final boolean retryable;

  /**
   * Creates an exception; subclasses expose static factories instead of constructors.
   *
   * @param message the message, naming the context of the failure
   * @param cause the cause, or null
   * @param retryable whether retrying the failed operation may succeed
   */
  protected BatonException(String message, Throwable cause, boolean retryable) {
    super(message, cause);
    this.retryable = retryable;
  }

  /** Whether retrying the failed operation may succeed (a transient failure). */
  public boolean isRetryable() {
    return retryable;
  }
}
