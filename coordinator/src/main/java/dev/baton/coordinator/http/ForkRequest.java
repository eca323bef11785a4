package dev.baton.coordinator.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.schemas.SessionIds;
import dev.baton.schemas.avro.Command;
import dev.baton.schemas.avro.ForkSession;
import java.time.Instant;
import java.util.UUID;

/**
 * The body of {@code POST /v1/sessions/{id}/fork}: {@code {"sessionId": string, "atSeq": integer}},
 * the new session's id (in the caller's tenant) and the last history message it keeps. Unknown
 * fields are ignored.
 *
 * @param sessionId the fork's session id, without its tenant
 * @param atSeq the last history seq the fork keeps
 */
record ForkRequest(String sessionId, long atSeq) {

  /**
   * The request in {@code body}, for a fork of {@code sourceId}.
   *
   * @throws ProblemException a 400 naming the field at fault
   */
  static ForkRequest parse(byte[] body, String sourceId) {
    JsonNode json = Json.read(body);
    if (!json.isObject()) {
      throw ProblemException.of(ProblemCode.INVALID_BODY, "the body must be a JSON object");
    }
    JsonNode id = json.get("sessionId");
    if (id == null || !id.isTextual() || !SessionIds.isValid(id.asText())) {
      throw ProblemException.field(
          ProblemCode.INVALID_SESSION_ID,
          "sessionId",
          "sessionId, the fork's id, must be 1 to 128 characters from [A-Za-z0-9._:-]");
    }
    if (id.asText().equals(sourceId)) {
      throw ProblemException.field(
          ProblemCode.INVALID_BODY, "sessionId", "a session cannot be forked into itself");
    }
    JsonNode seq = json.get("atSeq");
    if (seq == null || !seq.canConvertToLong() || !seq.isIntegralNumber() || seq.asLong() < 0) {
      throw ProblemException.field(
          ProblemCode.INVALID_BODY,
          "atSeq",
          "atSeq, the last history seq the fork keeps, must be a non-negative integer");
    }
    return new ForkRequest(id.asText(), seq.asLong());
  }

  /** The command that asks {@code sourceKey} to fork into {@code forkKey}. */
  Command toCommand(String sourceKey, String forkKey, Instant now) {
    return new Command(
        UUID.randomUUID().toString(), sourceKey, now, new ForkSession(forkKey, atSeq));
  }
}
