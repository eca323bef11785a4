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
  SESSION_NOT_FOUND(404, "Session not found"),
  TURN_NOT_FOUND(404, "Turn not found"),
  NOT_FOUND(404, "Not found"),
  SESSION_BUSY(409, "Session busy"),
  QUEUE_FULL(409, "Queue full"),
  SESSION_PAUSED(409, "Session paused"),
  TURN_ENDED(409, "Turn already ended"),
  INTERNAL(500, "Internal error"),
  NOT_READY(503, "Not ready"),
  TIMEOUT(504, "Timeout");

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

  /** The problem's {@code type} URI, such as {@code urn:baton:problem:session-busy}. */
  String type() {
    return TYPE_PREFIX + name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
