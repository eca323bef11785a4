package dev.baton.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.client.BatonClientException;
import dev.baton.client.ForkedSession;
import dev.baton.client.ProblemException;
import dev.baton.client.TurnAnswer;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reads the API's JSON answers: a turn's status, and problems. */
final class Answers {

  private Answers() {}

  /** The turn that {@code url} answered with {@code body}. */
  static TurnAnswer turn(URI url, String body) {
    JsonNode json = Json.read("the answer of " + url, body);
    String sessionId = Json.text(json, "sessionId");
    String turnId = Json.text(json, "turnId");
    String status = Json.text(json, "status");
    if (sessionId == null || turnId == null || status == null) {
      throw BatonClientException.malformed(
          "the answer of " + url, "no sessionId, turnId or status in " + json);
    }
    return new TurnAnswer(
        sessionId,
        turnId,
        status,
        Optional.ofNullable(Json.text(json, "answer")),
        Optional.ofNullable(Json.text(json, "error")));
  }

  /** The forked session that {@code url} answered with {@code body}, the fork's session view. */
  static ForkedSession forked(URI url, String body) {
    JsonNode json = Json.read("the answer of " + url, body);
    String sessionId = Json.text(json, "sessionId");
    String status = Json.text(json, "status");
    JsonNode history = json.path("history");
    if (sessionId == null
        || status == null
        || !history.path("fromSeq").isIntegralNumber()
        || !history.path("nextSeq").isIntegralNumber()) {
      throw BatonClientException.malformed(
          "the answer of " + url, "no sessionId, status or history seqs in " + json);
    }
    return new ForkedSession(
        sessionId, status, history.path("fromSeq").asLong(), history.path("nextSeq").asLong());
  }

  /**
   * The problem {@code url} answered with {@code status} and {@code body}: its code, detail and
   * field if the body is a problem, only the status if it is not, and the wait its {@code
   * Retry-After} header value asked for ({@code retryAfter} may be empty).
   */
  static ProblemException problem(URI url, int status, String body, Optional<String> retryAfter) {
    Duration wait = retryAfter.flatMap(Answers::retryAfter).orElse(null);
    JsonNode json;
    try {
      json = Json.read("the problem of " + url, body);
    } catch (BatonClientException notJson) {
      return ProblemException.of(url.toString(), status, "", firstLine(body), null, wait);
    }
    String code = Json.text(json, "code");
    String detail = Json.text(json, "detail");
    return ProblemException.of(
        url.toString(),
        status,
        code == null ? "" : code,
        detail == null ? Json.text(json, "title") : detail,
        Json.text(json, "field"),
        wait);
  }

  /**
   * A {@code Retry-After} value (RFC 9110): a number of seconds, or an HTTP date; empty if it is
   * neither. A date in the past is no wait.
   */
  static Optional<Duration> retryAfter(String value) {
    String trimmed = value.trim();
    try {
      long seconds = Long.parseLong(trimmed);
      return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration wait = Duration.between(Instant.now(), at);
        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
      } catch (DateTimeParseException notADate) {
        return Optional.empty();
      }
    }
  }

  private static String firstLine(String body) {
    String line = body.lines().findFirst().orElse("");
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }
}
