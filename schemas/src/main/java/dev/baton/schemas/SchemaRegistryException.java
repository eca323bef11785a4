package dev.baton.schemas;

import java.io.IOException;
import java.net.URI;

/**
 * A call to the schema registry failed: it answered with an HTTP error, could not be reached, or
 * sent a response that is not what the Confluent API specifies. Server errors (5xx, 408, 429) and
 * I/O failures are retryable; other client errors (4xx) are not.
 *
 * <p>{@code catch (SchemaRegistryException e) { log(e.status(), e.errorCode(), e.url()); }}
 */
public class SchemaRegistryException extends BatonException {

  /** The value of {@link #status()} and {@link #errorCode()} when there is none. */
  public static final int NONE = -1;

  private static final long serialVersionUID = 1L;

  private final String method;
  private final URI url;
  private final int status;
  private final int errorCode;

  /** Creates an exception; use the static factories. */
  protected SchemaRegistryException(
      String message,
      Throwable cause,
      boolean retryable,
      String method,
      URI url,
      int status,
      int errorCode) {
    super(message, cause, retryable);
    this.method = method;
    this.url = url;
    this.status = status;
    this.errorCode = errorCode;
  }

  /**
   * The registry answered with an HTTP error.
   *
   * @param method the HTTP method of the request
   * @param url the URL of the request
   * @param status the HTTP status
   * @param errorCode the Confluent {@code error_code} of the response, or {@link #NONE}
   * @param registryMessage the {@code message} of the response, or its body
   */
  public static SchemaRegistryException httpError(
      String method, URI url, int status, int errorCode, String registryMessage) {
    boolean retryable = isRetryableStatus(status);
    String message =
        "Schema registry answered %s %s with HTTP %d%s: %s (%s)"
            .formatted(
                method,
                url,
                status,
                errorCode == NONE ? "" : ", error_code " + errorCode,
                registryMessage,
                retryable ? "retryable" : "not retryable");
    return new SchemaRegistryException(message, null, retryable, method, url, status, errorCode);
  }

  /** The registry could not be reached, or the request timed out. Retryable. */
  public static SchemaRegistryException ioError(String method, URI url, IOException cause) {
    String message =
        "Schema registry request %s %s failed without a response: %s (retryable)"
            .formatted(method, url, cause);
    return new SchemaRegistryException(message, cause, true, method, url, NONE, NONE);
  }

  /** The thread was interrupted while it waited for the registry. Not retryable. */
  public static SchemaRegistryException interrupted(
      String method, URI url, InterruptedException cause) {
    String message =
        "Interrupted while waiting for the schema registry: %s %s (not retryable)"
            .formatted(method, url);
    return new SchemaRegistryException(message, cause, false, method, url, NONE, NONE);
  }

  /** The registry answered with a body that is not what the Confluent API specifies. */
  public static SchemaRegistryException malformedResponse(
      String method, URI url, int status, String problem, Throwable cause) {
    String message =
        "Schema registry answered %s %s with HTTP %d and an unexpected body: %s (not retryable)"
            .formatted(method, url, status, problem);
    return new SchemaRegistryException(message, cause, false, method, url, status, NONE);
  }

  /** Whether an HTTP status means that the same request may succeed later. */
  public static boolean isRetryableStatus(int status) {
    return status >= 500 || status == 408 || status == 429;
  }

  /** The HTTP method of the failed request. */
  public String method() {
    return method;
  }

  /** The URL of the failed request. */
  public URI url() {
    return url;
  }

  /** The HTTP status of the response, or {@link #NONE} if there was no response. */
  public int status() {
    return status;
  }

  /** The Confluent {@code error_code} of the response, such as 40403, or {@link #NONE}. */
  public int errorCode() {
    return errorCode;
  }
}
