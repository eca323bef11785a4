package dev.baton.cli.ops;

import dev.baton.schemas.BatonException;
import java.time.Duration;
import java.util.Locale;

/**
 * An operator tool could not do its job: Kafka, the registry or a coordinator did not answer in
 * time, a topic or session does not exist, or a coordinator refused a request. The message is one
 * line that names what failed, where, and why.
 *
 * <p>{@code throw OpsException.unreachable("kafka", "127.0.0.1:9092", timeout, "connection
 * refused");}
 */
public final class OpsException extends BatonException {

  private static final long serialVersionUID = 1L;

  private OpsException(String message, boolean retryable) {
    super(message, null, retryable);
  }

  /** {@code part} at {@code address} did not answer within {@code timeout}; retryable. */
  public static OpsException unreachable(
      String part, String address, Duration timeout, String why) {
    return new OpsException(
        part + " at " + address + " is unreachable (waited " + seconds(timeout) + "): " + why,
        true);
  }

  /**
   * A readable reason from a probe's or an exception's text such as {@code "ConnectException:
   * null"}: a missing message becomes what the exception means.
   */
  public static String reason(String exceptionName, String message) {
    if (message != null && !message.isBlank() && !message.equals("null")) {
      return exceptionName + ": " + message;
    }
    return switch (exceptionName) {
      case "ConnectException" -> "connection refused";
      case "ClosedChannelException" -> "could not connect";
      case "TimeoutException", "HttpConnectTimeoutException", "HttpTimeoutException" -> "no answer";
      default -> exceptionName;
    };
  }

  /** The topic does not exist on the cluster. */
  public static OpsException topicMissing(String topic, String bootstrap, String hint) {
    return new OpsException(
        "topic " + topic + " does not exist on " + bootstrap + "; " + hint, false);
  }

  /** Reading stopped making progress, for example because the broker went away. */
  public static OpsException stalled(String topic, Duration timeout, long left) {
    return new OpsException(
        "reading "
            + topic
            + " made no progress for "
            + seconds(timeout)
            + " with "
            + left
            + " records left; is the broker still up?",
        true);
  }

  /** The history topic holds no message of the session. */
  public static OpsException noHistory(String sessionId, String topic) {
    return new OpsException(
        "session " + sessionId + " has no history in " + topic + " (unknown, or cleared)", false);
  }

  /** A coordinator answered with an error status. */
  public static OpsException refused(String url, int status, String detail) {
    return new OpsException(
        "coordinator answered " + status + " for " + url + (detail.isBlank() ? "" : ": " + detail),
        status == 503 || status == 504);
  }

  /**
   * Kafka at {@code bootstrap} refused {@code what} with {@code cause}: an authorizer that is off,
   * or a principal that may not alter the cluster's ACLs.
   */
  public static OpsException kafkaRefused(String what, String bootstrap, Throwable cause) {
    return new OpsException(
        "kafka at "
            + bootstrap
            + " refused "
            + what
            + ": "
            + reason(cause.getClass().getSimpleName(), cause.getMessage()),
        false);
  }

  /** A value read could not be decoded. */
  public static OpsException undecodable(String what, String why) {
    return new OpsException("cannot decode " + what + ": " + why, false);
  }

  /** The thread was interrupted while reading. */
  public static OpsException interrupted(String what) {
    return new OpsException(what + ": interrupted", false);
  }

  private static String seconds(Duration timeout) {
    return String.format(Locale.ROOT, "%.1f s", timeout.toMillis() / 1000.0);
  }
}
