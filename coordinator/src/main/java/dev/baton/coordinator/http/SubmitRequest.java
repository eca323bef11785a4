package dev.baton.coordinator.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.coordinator.session.InputProblem;
import dev.baton.coordinator.session.SessionCommand;
import dev.baton.coordinator.session.SessionLimits;
import dev.baton.schemas.avro.Command;
import dev.baton.schemas.avro.OnBusy;
import dev.baton.schemas.avro.SubmitTurn;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The body of {@code POST /v1/sessions/{id}/turns}, validated: {@code {"turnId"?: string, "input":
 * string, "onBusy"?: "reject"|"enqueue"|"interrupt"|"rollback"|"steer"|"merge", "debounceMs"?:
 * integer, "metadata"?: {string: string}}}. Unknown fields are ignored.
 *
 * @param turnId the client's turn id, or a new random one
 * @param input the user's input, not blank and within the model's byte limit
 * @param onBusy what to do when the session is busy
 * @param debounceMs how long a turn that starts at once holds its first step, 0 for none
 * @param metadata the client's metadata for the turn's agent steps, within the model's limit
 */
record SubmitRequest(
    String turnId, String input, OnBusy onBusy, long debounceMs, Map<String, String> metadata) {

  /** The longest debounce a submit may ask for, in milliseconds. */
  static final long MAX_DEBOUNCE_MS = SessionCommand.SubmitTurn.MAX_DEBOUNCE.toMillis();

  /**
   * Parses {@code body} and checks it against the session model's rules ({@link
   * SessionLimits#problemWith}), so that a submit the model would reject whatever the session's
   * state is refused before it is written.
   *
   * @throws ProblemException a 400 naming the field at fault
   */
  static SubmitRequest parse(byte[] body, SessionLimits limits) {
    JsonNode json = Json.read(body);
    if (!json.isObject()) {
      throw ProblemException.of(ProblemCode.INVALID_BODY, "the body must be a JSON object");
    }
    SubmitRequest request =
        new SubmitRequest(
            turnId(json.get("turnId")),
            input(json.get("input")),
            onBusy(json.get("onBusy")),
            debounceMs(json.get("debounceMs")),
            metadata(json.get("metadata")));
    Optional<InputProblem> problem =
        limits.problemWith(request.turnId(), request.input(), request.metadata());
    if (problem.isPresent()) {
      throw TurnResult.rejection(request.turnId(), problem.get().code(), problem.get().detail());
    }
    return request;
  }

  /** The command that submits this turn to {@code sessionId}. */
  Command toCommand(String sessionId, Instant now) {
    SubmitTurn submit =
        new SubmitTurn(turnId, input, onBusy, null, metadata, debounceMs == 0 ? null : debounceMs);
    return new Command(UUID.randomUUID().toString(), sessionId, now, submit);
  }

  private static String turnId(JsonNode node) {
    if (isAbsent(node)) {
      return UUID.randomUUID().toString();
    }
    if (!node.isTextual()) {
      throw ProblemException.field(
          ProblemCode.INVALID_BODY, "turnId", "turnId must be a string if given");
    }
    return node.asText();
  }

  private static String input(JsonNode node) {
    if (isAbsent(node)) {
      throw ProblemException.field(ProblemCode.MISSING_INPUT, "input", "input is required");
    }
    if (!node.isTextual()) {
      throw ProblemException.field(ProblemCode.INVALID_BODY, "input", "input must be a string");
    }
    return node.asText();
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
      case "steer" -> OnBusy.STEER;
      case "merge" -> OnBusy.MERGE;
      default ->
          throw ProblemException.field(
              ProblemCode.INVALID_BODY,
              "onBusy",
              "onBusy must be \"reject\", \"enqueue\", \"interrupt\", \"rollback\", \"steer\""
                  + " or \"merge\"");
    };
  }

  private static long debounceMs(JsonNode node) {
    if (isAbsent(node)) {
      return 0;
    }
    if (!node.isIntegralNumber() || node.asLong() < 0 || node.asLong() > MAX_DEBOUNCE_MS) {
      throw ProblemException.field(
          ProblemCode.INVALID_BODY,
          "debounceMs",
          "debounceMs must be a whole number of milliseconds from 0 to " + MAX_DEBOUNCE_MS);
    }
    return node.asLong();
  }

  private static Map<String, String> metadata(JsonNode node) {
    if (isAbsent(node)) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw ProblemException.field(
          ProblemCode.INVALID_BODY, "metadata", "metadata must be an object of strings if given");
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      if (!field.getValue().isTextual()) {
        throw ProblemException.field(
            ProblemCode.INVALID_BODY, "metadata", "metadata values must be strings");
      }
      metadata.put(field.getKey(), field.getValue().asText());
    }
    return metadata;
  }

  private static boolean isAbsent(JsonNode node) {
    return node == null || node.isNull();
  }
}
