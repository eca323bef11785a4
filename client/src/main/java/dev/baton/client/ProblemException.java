package dev.baton.client;

import java.time.Duration;
import java.util.Optional;

/**
 * A coordinator refused a request with an error status and, as a rule, an {@code
 * application/problem+json} body (RFC 9457): its HTTP {@link #status()}, its stable {@link #code()}
 * (such as {@code SESSION_BUSY} or {@code TURN_NOT_FOUND}; switch on it, not on the message) and
 * the field at fault, if any. 429 (a tenant's limit, such as {@code SUBMIT_RATE_EXCEEDED}), 502,
 * 503 ({@code NOT_READY}) and 504 ({@code TIMEOUT}) are retryable; the client has already retried
 * them as often as its options allow, waiting at least the answer's {@code Retry-After} each time.
 * A {@code Retry-After} longer than {@link ClientOptions#maxBackoff()} is not waited for: the
 * problem is thrown at once with it as {@link #retryAfter()}, and the caller decides.
 *
 * <pre>{@code
 * try {
 *   client.submit("chat-42", "t-2", "hi", SubmitOptions.DEFAULTS);
 * } catch (ProblemException e) {
 *   if (e.code().equals("SESSION_BUSY")) { ... }
 * }
 * }</pre>
 */
public final class ProblemException extends BatonClientException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final String field;
  private final Duration retryAfter;

  private ProblemException(
      String message, int status, String code, String field, Duration retryAfter) {
    super(message, null, isRetryable(status));
    this.status = status;
    this.code = code;
    this.field = field;
    this.retryAfter = retryAfter;
  }

  /**
   * The problem {@code url} answered with {@code status}: its {@code code} (empty when the body was
   * no problem), {@code detail} (or title) and {@code field} (null if none).
   */
  public static ProblemException of(
      String url, int status, String code, String detail, String field) {
    return of(url, status, code, detail, field, null);
  }

  /**
   * The problem {@code url} answered with {@code status}, as {@link #of(String, int, String,
   * String, String)}, and the wait its {@code Retry-After} header asked for (null if none).
   */
  public static ProblemException of(
      String url, int status, String code, String detail, String field, Duration retryAfter) {
    String message =
        "coordinator answered "
            + status
            + " for "
            + url
            + (code.isEmpty() ? "" : ": " + code)
            + (detail == null || detail.isBlank() ? "" : " " + detail);
    return new ProblemException(message, status, code, field, retryAfter);
  }

  /** Whether a problem of {@code status} is worth trying again (429, 502, 503, 504). */
  public static boolean isRetryable(int status) {
    return status == 429 || status == 502 || status == 503 || status == 504;
  }

  /** The HTTP status, such as 409. */
  public int status() {
    return status;
  }

  /** The problem's stable code, such as {@code SESSION_BUSY}; empty if the answer had none. */
  public String code() {
    return code;
  }

  /**
   * The request field or query parameter at fault, such as {@code input}, if the problem names one.
   */
  public Optional<String> field() {
    return Optional.ofNullable(field);
  }

  /** How long the coordinator asked the client to wait before trying again, if it said. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
