package dev.baton.coordinator.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.schemas.avro.DecideToolCallApproval;
import java.util.Optional;

/**
 * The body of {@code POST /v1/sessions/{id}/turns/{turnId}/tool-calls/{callId}/approval}: {@code
 * {"decision": "approve" | "deny", "arguments": object, "reason": string}}; {@code arguments} (an
 * edit of the call's arguments, approvals only) and {@code reason} are optional. Unknown fields are
 * ignored.
 *
 * @param approve whether the call is approved
 * @param argumentsJson the edited arguments as a JSON object, if given
 * @param reason why, if given
 */
record ApprovalRequest(boolean approve, Optional<String> argumentsJson, Optional<String> reason) {

  /**
   * The request in {@code body}.
   *
   * @throws ProblemException a 400 naming the field at fault
   */
  static ApprovalRequest parse(byte[] body) {
    JsonNode json = Json.read(body);
    if (!json.isObject()) {
      throw ProblemException.of(ProblemCode.INVALID_BODY, "the body must be a JSON object");
    }
    boolean approve = decision(json.get("decision"));
    JsonNode arguments = json.get("arguments");
    if (arguments != null && !arguments.isNull() && (!arguments.isObject() || !approve)) {
      throw ProblemException.field(
          ProblemCode.INVALID_BODY,
          "arguments",
          "arguments, the call's edited arguments, must be a JSON object, and only with approve");
    }
    JsonNode reason = json.get("reason");
    if (reason != null && !reason.isNull() && !reason.isTextual()) {
      throw ProblemException.field(ProblemCode.INVALID_BODY, "reason", "reason must be a string");
    }
    return new ApprovalRequest(
        approve,
        Optional.ofNullable(arguments).filter(JsonNode::isObject).map(JsonNode::toString),
        Optional.ofNullable(reason).filter(JsonNode::isTextual).map(JsonNode::asText));
  }

  private static boolean decision(JsonNode decision) {
    if (decision != null && decision.isTextual()) {
      switch (decision.asText()) {
        case "approve" -> {
          return true;
        }
        case "deny" -> {
          return false;
        }
        default -> {}
      }
    }
    throw ProblemException.field(
        ProblemCode.INVALID_BODY, "decision", "decision must be \"approve\" or \"deny\"");
  }

  /** The command body that decides call {@code callId} of turn {@code turnId} as {@code who}. */
  DecideToolCallApproval toCommand(String turnId, String callId, String who) {
    return new DecideToolCallApproval(
        turnId, callId, approve, argumentsJson.orElse(null), reason.orElse(null), who);
  }
}
