package dev.baton.client;

/**
 * The root of the client's unchecked exceptions: a coordinator could not be reached, a stream broke
 * for good, an answer could not be read, or (as {@link ProblemException}) a coordinator refused a
 * request. Each says whether trying again later may succeed.
 *
 * <p>{@code catch (BatonClientException e) { if (e.isRetryable()) retryLater(); else giveUp(); }}
 */
public class BatonClientException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final boolean retryable;

  /**
   * Creates an exception; use the static factories.
   *
   * @param message what failed, with its context
   * @param cause the cause, or null
   * @param retryable whether trying again later may succeed
   */
  protected BatonClientException(String message, Throwable cause, boolean retryable) {
    super(message, cause);
    this.retryable = retryable;
  }

  /** Whether trying again later may succeed (a transient failure). */
  public boolean isRetryable() {
    return retryable;
  }

  /**
   * A request failed on every attempt: {@code what} (such as {@code "stream of turn t-1"}) after
   * {@code attempts} attempts, the last failing with {@code cause}. Retryable; {@code lastEventId}
   * (null if none) is where a stream may resume.
   */
  public static BatonClientException gaveUp(
      String what, int attempts, String lastEventId, Throwable cause) {
    String resume = lastEventId == null ? "" : "; resume after event " + lastEventId;
    return new BatonClientException(
        what + " failed after " + attempts + " attempt(s): " + describe(cause) + resume,
        cause,
        true);
  }

  /** An answer that is not what the API sends: {@code why}. Not retryable. */
  public static BatonClientException malformed(String what, String why) {
    return new BatonClientException("cannot read " + what + ": " + why, null, false);
  }

  /** The calling thread was interrupted during {@code what}; its interrupt flag is set again. */
  public static BatonClientException interrupted(String what) {
    return new BatonClientException(what + ": interrupted", null, false);
  }

  private static String describe(Throwable cause) {
    if (cause == null) {
      return "unknown";
    }
    String message = cause.getMessage();
    return cause.getClass().getSimpleName()
        + (message == null || message.isBlank() ? "" : ": " + message);
  }
}
