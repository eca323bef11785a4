package dev.baton.coordinator.http;

import dev.baton.schemas.SessionIds;
import io.javalin.http.Context;
import java.time.Duration;

/** Path and query parameters of the session endpoints, validated into 400 problems. */
final class QueryParams {

  /** Default of {@code limit}. */
  static final int DEFAULT_LIMIT = 100;

  /** The largest {@code limit}; a larger one is cut to it. */
  static final int MAX_LIMIT = 1000;

  private QueryParams() {}

  /** The {@code {id}} path parameter, a valid session id. */
  static String sessionId(Context ctx) {
    String sessionId = ctx.pathParam("id");
    if (!SessionIds.isValid(sessionId)) {
      throw ProblemException.field(
          ProblemCode.INVALID_SESSION_ID,
          "id",
          "the session id must be 1 to 128 characters from [A-Za-z0-9._:-]");
    }
    return sessionId;
  }

  /** {@code ?wait=<seconds>}: zero if absent, cut to {@code max}. */
  static Duration waitParam(Context ctx, Duration max) {
    long seconds = longParam(ctx, "wait", 0);
    Duration wait = Duration.ofSeconds(seconds);
    return wait.compareTo(max) > 0 ? max : wait;
  }

  /** {@code ?from=<seq>}: 0 if absent. */
  static long from(Context ctx) {
    return longParam(ctx, "from", 0);
  }

  /**
   * {@code ?limit=<n>}: {@value #DEFAULT_LIMIT} if absent, at least 1, cut to {@value #MAX_LIMIT}.
   */
  static int limit(Context ctx) {
    long limit = longParam(ctx, "limit", DEFAULT_LIMIT);
    if (limit < 1) {
      throw ProblemException.field(
          ProblemCode.INVALID_PARAMETER, "limit", "limit must be at least 1, got " + limit);
    }
    return (int) Math.min(limit, MAX_LIMIT);
  }

  /** A whole number of 0 or more; an empty value ({@code ?wait=}) is invalid, not absent. */
  private static long longParam(Context ctx, String name, long absent) {
    String text = ctx.queryParam(name);
    if (text == null) {
      return absent;
    }
    try {
      long value = Long.parseLong(text);
      if (value < 0) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw ProblemException.field(
          ProblemCode.INVALID_PARAMETER,
          name,
          name + " must be a whole number of 0 or more, got '" + text + "'");
    }
  }
}
