package dev.baton.coordinator.http;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An RFC 9457 problem: {@code type}, {@code title}, {@code status}, {@code detail} and {@code
 * instance}, plus Baton's stable {@code code} and, for a bad field or query parameter, its {@code
 * field}.
 *
 * @param code the stable code, which also gives the status, title and type
 * @param detail what went wrong with this request, for people
 * @param field the body field or query parameter at fault, or null
 * @param retryAfter the {@code Retry-After} to send, in whole seconds rounded up (at least 1), or
 *     null
 */
record Problem(ProblemCode code, String detail, String field, Duration retryAfter) {

  static final String CONTENT_TYPE = "application/problem+json";

  /** Writes the problem as the response of {@code ctx}. */
  void render(Context ctx) {
    if (retryAfter != null) {
      ctx.header("Retry-After", Long.toString(retryAfterSeconds(retryAfter)));
    }
    ctx.status(code.status()).contentType(CONTENT_TYPE).result(toJson(ctx.path()));
  }

  /**
   * {@code wait} in whole seconds, rounded up, at least 1: a client that waits that long may retry.
   */
  static long retryAfterSeconds(Duration wait) {
    long seconds = wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0);
    return Math.max(1, seconds);
  }

  /**
   * The problem as JSON in UTF-8 (RFC 8259), whatever the response's character encoding.
   *
   * @param instance the request's path, or null if it is not known
   */
  byte[] toJson(String instance) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", code.type());
    body.put("title", code.title());
    body.put("status", code.status());
    body.put("detail", detail);
    if (instance != null) {
      body.put("instance", instance);
    }
    body.put("code", code.name());
    if (field != null) {
      body.put("field", field);
    }
    return Json.write(body).getBytes(StandardCharsets.UTF_8);
  }
}
