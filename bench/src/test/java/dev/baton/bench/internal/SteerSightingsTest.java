package dev.baton.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.bench.internal.SteerSightings.Kind;
import dev.baton.bench.internal.SteerSightings.Sighting;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SteerSightingsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode event(String type, String turnId, String at, ObjectNode body) {
    ObjectNode event = JSON.createObjectNode().put("type", type).put("turnId", turnId);
    event.put("occurredAt", "2026-01-01T10:00:" + at + "Z");
    event.set("body", body);
    return event;
  }

  private static ObjectNode step(int step, int attempt) {
    return JSON.createObjectNode().put("step", step).put("attempt", attempt);
  }

  private static ObjectNode delivered(int step, String... messageIds) {
    ObjectNode body = step(step, 0);
    ArrayNode ids = body.putArray("messageIds");
    for (String id : messageIds) {
      ids.add(id);
    }
    return body;
  }

  @Test
  void shouldTimeEachMessageFromItsAcceptanceToTheStepThatCarriesIt() {
    List<JsonNode> events =
        List.of(
            event("TurnAccepted", "slow", "00.000", JSON.createObjectNode()),
            event("StepAssigned", "slow", "00.010", step(0, 0)),
            event("TurnAccepted", "m1", "00.200", JSON.createObjectNode()),
            event("TurnSteered", "m1", "00.200", JSON.createObjectNode()),
            event("TurnAccepted", "m2", "00.300", JSON.createObjectNode()),
            event("SteeredInputsDelivered", "slow", "00.340", delivered(1, "m1", "m2")),
            event("StepAssigned", "slow", "00.340", step(1, 0)),
            event("StepAssigned", "slow", "00.900", step(1, 1)));

    List<Sighting> sightings = SteerSightings.of(events, List.of("m1", "m2"));

    assertThat(sightings)
        .containsExactly(
            new Sighting("m1", Kind.STEERED, Duration.ofMillis(140)),
            new Sighting("m2", Kind.STEERED, Duration.ofMillis(40)));
  }

  @Test
  void shouldTimeAMessageThatRanAsItsOwnTurnToThatTurnsFirstStep() {
    List<JsonNode> events =
        List.of(
            event("TurnAccepted", "m1", "01.000", JSON.createObjectNode()),
            event("TurnStarted", "m1", "01.500", JSON.createObjectNode()),
            event("StepAssigned", "m1", "01.520", step(0, 0)),
            event("StepAssigned", "m1", "02.000", step(1, 0)));

    assertThat(SteerSightings.of(events, List.of("m1")))
        .containsExactly(new Sighting("m1", Kind.OWN_TURN, Duration.ofMillis(520)));
  }

  @Test
  void shouldCountAMessageThatNoStepCarriedAsLost() {
    List<JsonNode> events =
        List.of(
            event("TurnAccepted", "m1", "01.000", JSON.createObjectNode()),
            event("TurnSteered", "m1", "01.000", JSON.createObjectNode()));

    assertThat(SteerSightings.of(events, List.of("m1", "m2")))
        .containsExactly(new Sighting("m1", Kind.LOST, null), new Sighting("m2", Kind.LOST, null));
  }
}
