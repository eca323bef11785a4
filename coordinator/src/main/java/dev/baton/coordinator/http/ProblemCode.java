package dev.baton.coordinator.http;

import java.util.Locale;

/**
 * The stable {@code code} of every problem response, with its HTTP status and title. Clients switch
 * on the code, never on the title or detail.
 */
enum ProblemCode {
  INVALID_SESSION_ID(400, "Invalid session id"),
  INVALID_BODY(400, "Invalid request body"),
  MISSING_INPUT(400, "Missing input"),
  INPUT_TOO_LARGE(400, "Input too large"),
  INVALID_PARAMETER(400, "Invalid query parameter"),
  MALFORMED_REQUEST(400, "Malformed request"),
  INVALID_LAST_EVENT_ID(400, "Invalid Last-Event-ID"),
  UNAUTHENTICATED(401, "Unauthenticated"),
  FORBIDDEN(403, "Forbidden"),
  SESSION_NOT_FOUND(404, "Session not found"),
  TURN_NOT_FOUND(404, "Turn not found"),
  CALL_NOT_FOUND(404, "Tool call not found"),
  NOT_FOUND(404, "Not found"),
  METHOD_NOT_ALLOWED(405, "Method not allowed"),
  SESSION_BUSY(409, "Session busy"),
  QUEUE_FULL(409, "Queue full"),
  SESSION_PAUSED(409, "Session paused"),
  TURN_ID_REUSED(409, "Turn id reused"),
  TURN_ENDED(409, "Turn already ended"),
  SESSION_EXISTS(409, "Session exists"),
  APPROVAL_NOT_PENDING(409, "Approval not pending"),
  STREAM_EXPIRED(410, "Stream expired"),
  BODY_TOO_LARGE(413, "Body too large"),
  URI_TOO_LONG(414, "URI too long"),
  SEQ_OUT_OF_RANGE(422, "Seq out of range"),
  HISTORY_TOO_LARGE(422, "History too large to fork"),
  ARGUMENTS_TOO_LARGE(422, "Arguments too large"),
  SUBMIT_RATE_EXCEEDED(429, "Submit rate exceeded"),
  TOO_MANY_STREAMS(429, "Too many streams"),
  TOO_MANY_ACTIVE_TURNS(429, "Too many active turns"),
  TOO_MANY_QUEUED_TURNS(429, "Too many queued turns"),
  HEADERS_TOO_LARGE(431, "Headers too large"),
  INTERNAL(500, "Internal error"),
  NOT_IMPLEMENTED(501, "Not implemented"),
  NOT_READY(503, "Not ready"),
  TIMEOUT(504, "Timeout"),
  HTTP_VERSION_NOT_SUPPORTED(505, "HTTP version not supported");

  private static final String TYPE_PREFIX = "urn:baton:problem:";

  private final int status;
  private final String title;

  ProblemCode(int status, String title) {
    this.status = status;
    this.title = title;
  }

  int status() {
    return status;
  }

  String title() {
    return title;
  }

  /**
   * The code of an error that the HTTP server raised with {@code status} before any handler ran:
   * {@code MALFORMED_REQUEST} for a 400 or any status without a code of its own.
   */
  static ProblemCode ofServerStatus(int status) {
    return switch (status) {
      case 405 -> METHOD_NOT_ALLOWED;
      case 413 -> BODY_TOO_LARGE;
      case 414 -> URI_TOO_LONG;
      case 431 -> HEADERS_TOO_LARGE;
      case 500 -> INTERNAL;
      case 501 -> NOT_IMPLEMENTED;
      case 503 -> NOT_READY;
      case 505 -> HTTP_VERSION_NOT_SUPPORTED;
      default -> MALFORMED_REQUEST;
    };
  }

  /** The problem's {@code type} URI, such as {@code urn:baton:problem:session-busy}. */
  String type() {
    return TYPE_PREFIX + name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
