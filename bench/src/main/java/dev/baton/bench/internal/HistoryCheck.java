package dev.baton.bench.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.bench.internal.FailoverLoad.Answer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether a load's answered turns are in their sessions' history exactly once: read through {@code
 * GET /v1/sessions/{id}/history}, each completed turn must have one user and one assistant message;
 * a turn with more is answered twice, one with none is lost.
 *
 * @param completed turns answered {@code COMPLETED}
 * @param lost completed turns whose user or assistant message is missing
 * @param twice turns with more than one user or assistant message
 */
record HistoryCheck(long completed, long lost, long twice) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Reads the history of {@code load}'s {@code sessions} sessions from the instance at {@code
   * base}.
   */
  static HistoryCheck of(FailoverLoad load, int sessions, URI base)
      throws IOException, InterruptedException {
    long completed = 0;
    long lost = 0;
    long twice = 0;
    try (HttpClient http = HttpClient.newHttpClient()) {
      for (int session = 0; session < sessions; session++) {
        Map<String, Integer> messages = messages(http, base, load.sessionId(session));
        twice += messages.values().stream().filter(count -> count > 1).count();
        List<Answer> answers = load.answers(session);
        for (int turn = 1; turn <= answers.size(); turn++) {
          if (answers.get(turn - 1).status().equals("completed")) {
            completed++;
            String turnId = FailoverLoad.turnId(turn);
            if (!messages.containsKey("USER " + turnId)
                || !messages.containsKey("ASSISTANT " + turnId)) {
              lost++;
            }
          }
        }
      }
    }
    return new HistoryCheck(completed, lost, twice);
  }

  /** How many messages each role and turn has: {@code "USER t1" -> 1}. */
  private static Map<String, Integer> messages(HttpClient http, URI base, String sessionId)
      throws IOException, InterruptedException {
    Map<String, Integer> counts = new HashMap<>();
    for (long from = 0; from >= 0; ) {
      HttpRequest page =
          HttpRequest.newBuilder(
                  base.resolve(
                      "/v1/sessions/" + sessionId + "/history?from=" + from + "&limit=1000"))
              .build();
      HttpResponse<String> response = http.send(page, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IOException("history of " + sessionId + ": " + response.statusCode());
      }
      JsonNode body = JSON.readTree(response.body());
      for (JsonNode message : body.path("messages")) {
        counts.merge(
            message.path("role").asText() + " " + message.path("turnId").asText(), 1, Integer::sum);
      }
      from = body.path("nextFrom").isNumber() ? body.path("nextFrom").asLong() : -1;
    }
    return counts;
  }
}
