package dev.baton.coordinator.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.coordinator.session.SessionLimits;
import dev.baton.schemas.avro.Command;
import dev.baton.schemas.avro.OnBusy;
import dev.baton.schemas.avro.SubmitTurn;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The body of {@code POST /v1/sessions/{id}/turns}, validated: {@code {"turnId"?: string, "input":
 * string, "onBusy"?: "reject"|"enqueue"|"interrupt"|"rollback"}}. Unknown fields are ignored.
 *
 * @param turnId the client's turn id, or a new random one
 * @param input the user's input, not blank and within the byte limit
 * @param onBusy what to do when the session is busy
 */
record SubmitRequest(String turnId, String input, OnBusy onBusy) {

  /**
   * Parses and validates {@code body}.
   *
   * @throws ProblemException a 400 naming the field at fault
   */
  static SubmitRequest parse(byte[] body, int maxInputBytes) {
    JsonNode json = Json.read(body);
    if (!json.isObject()) {
      throw ProblemException.of(ProblemCode.INVALID_BODY, "the body must be a JSON object");
    }
    return new SubmitRequest(
        turnId(json.get("turnId")),
        input(json.get("input"), maxInputBytes),
        onBusy(json.get("onBusy")));
  }

  /** The command that submits this turn to {@code sessionId}. */
  Command toCommand(String sessionId, Instant now) {
    SubmitTurn submit = new SubmitTurn(turnId, input, onBusy, null, Map.of());
    return new Command(UUID.randomUUID().toString(), sessionId, now, submit);
  }

  private static String turnId(JsonNode node) {
    if (isAbsent(node)) {
      return UUID.randomUUID().toString();
    }
    if (!node.isTextual() || node.asText().isBlank()) {
      throw ProblemException.field(
          ProblemCode.INVALID_BODY, "turnId", "turnId must be a non-blank string if given");
    }
    if (node.asText().length() > SessionLimits.MAX_TURN_ID_CHARS) {
      throw ProblemException.field(
          ProblemCode.INVALID_BODY,
          "turnId",
          "turnId has "
              + node.asText().length()
              + " characters, at most "
              + SessionLimits.MAX_TURN_ID_CHARS);
    }
    return node.asText();
  }

  private static String input(JsonNode node, int maxInputBytes) {
    if (isAbsent(node)) {
      throw ProblemException.field(ProblemCode.MISSING_INPUT, "input", "input is required");
    }
    if (!node.isTextual()) {
      throw ProblemException.field(ProblemCode.INVALID_BODY, "input", "input must be a string");
    }
    String input = node.asText();
    if (input.isBlank()) {
      throw ProblemException.field(ProblemCode.MISSING_INPUT, "input", "input is blank");
    }
    int bytes = input.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > maxInputBytes) {
      throw ProblemException.field(
          ProblemCode.INPUT_TOO_LARGE,
          "input",
          "input has " + bytes + " bytes (UTF-8), at most " + maxInputBytes);
    }
    return input;
  }

  private static OnBusy onBusy(JsonNode node) {
    if (isAbsent(node)) {
      return OnBusy.REJECT;
    }
    String value = node.isTextual() ? node.asText().toLowerCase(Locale.ROOT) : "";
    return switch (value) {
      case "reject" -> OnBusy.REJECT;
      case "enqueue" -> OnBusy.ENQUEUE;
      case "interrupt" -> OnBusy.INTERRUPT;
      case "rollback" -> OnBusy.ROLLBACK;
      default ->
          throw ProblemException.field(
              ProblemCode.INVALID_BODY,
              "onBusy",
              "onBusy must be \"reject\", \"enqueue\", \"interrupt\" or \"rollback\"");
    };
  }

  private static boolean isAbsent(JsonNode node) {
    return node == null || node.isNull();
  }
}
