package dev.baton.bench.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which agent step first saw each message steered into a session's turn, and how long after its
 * submit, read from the session's audit events (as {@code GET /v1/sessions/{id}/events} serves
 * them) and nothing else: a submit is accepted at its {@code TurnAccepted} (the decision the HTTP
 * answer reports), and a step sees the message at the {@code StepAssigned} that {@code
 * SteeredInputsDelivered} names (same turn, step and attempt), or, for a message whose turn ended
 * before another step and that ran as a turn of its own, at that turn's first {@code StepAssigned}.
 * (The other messages that turn left waiting are merged into that next turn: its first step's
 * {@code SteeredInputsDelivered} names them.)
 */
final class SteerSightings {

  private SteerSightings() {}

  /** How a steered message reached an agent step. */
  enum Kind {
    /** A step of the turn it joined carried it. */
    STEERED,
    /** It ran as a turn of its own, whose first step carried it. */
    OWN_TURN,
    /** No step carried it: an error. */
    LOST
  }

  /**
   * One message's sighting.
   *
   * @param messageId the steered submit's turn id
   * @param kind how a step saw it
   * @param latency from its acceptance to that step's assignment; null when it was lost
   */
  record Sighting(String messageId, Kind kind, Duration latency) {}

  /** The sightings of {@code messageIds}, in their order, in a session of {@code events}. */
  static List<Sighting> of(List<JsonNode> events, List<String> messageIds) {
    Map<String, Instant> accepted = new HashMap<>();
    Map<String, Instant> assigned = new HashMap<>();
    Map<String, String> firstStepOfTurn = new HashMap<>();
    Map<String, String> deliveredWith = new HashMap<>();
    for (JsonNode event : events) {
      String turnId = event.path("turnId").asText();
      JsonNode body = event.path("body");
      switch (event.path("type").asText()) {
        case "TurnAccepted" -> accepted.putIfAbsent(turnId, occurredAt(event));
        case "StepAssigned" -> {
          String step = stepKey(turnId, body);
          assigned.putIfAbsent(step, occurredAt(event));
          firstStepOfTurn.putIfAbsent(turnId, step);
        }
        case "SteeredInputsDelivered" ->
            body.path("messageIds")
                .forEach(id -> deliveredWith.putIfAbsent(id.asText(), stepKey(turnId, body)));
        default -> {
          // not about steering
        }
      }
    }
    List<Sighting> sightings = new ArrayList<>();
    for (String id : messageIds) {
      Kind kind = deliveredWith.containsKey(id) ? Kind.STEERED : Kind.OWN_TURN;
      String step = kind == Kind.STEERED ? deliveredWith.get(id) : firstStepOfTurn.get(id);
      Instant from = accepted.get(id);
      Instant to = step == null ? null : assigned.get(step);
      sightings.add(
          from == null || to == null
              ? new Sighting(id, Kind.LOST, null)
              : new Sighting(id, kind, Duration.between(from, to)));
    }
    return sightings;
  }

  private static String stepKey(String turnId, JsonNode body) {
    return turnId + "/" + body.path("step").asInt() + "/" + body.path("attempt").asInt();
  }

  private static Instant occurredAt(JsonNode event) {
    return Instant.parse(event.path("occurredAt").asText());
  }
}
