package dev.baton.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.client.BatonClientException;
import dev.baton.client.ProblemException;
import dev.baton.client.TurnAnswer;
import java.net.URI;
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

  /**
   * The problem {@code url} answered with {@code status} and {@code body}: its code, detail and
   * field if the body is a problem, only the status if it is not.
   */
  static ProblemException problem(URI url, int status, String body) {
    JsonNode json;
    try {
      json = Json.read("the problem of " + url, body);
    } catch (BatonClientException notJson) {
      return ProblemException.of(url.toString(), status, "", firstLine(body), null);
    }
    String code = Json.text(json, "code");
    String detail = Json.text(json, "detail");
    return ProblemException.of(
        url.toString(),
        status,
        code == null ? "" : code,
        detail == null ? Json.text(json, "title") : detail,
        Json.text(json, "field"));
  }

  private static String firstLine(String body) {
    String line = body.lines().findFirst().orElse("");
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }
}
