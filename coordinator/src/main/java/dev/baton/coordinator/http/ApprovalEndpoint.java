package dev.baton.coordinator.http;

import dev.baton.coordinator.session.SessionEvent;
import dev.baton.coordinator.session.SessionEvent.ApprovalRefused;
import dev.baton.coordinator.session.SessionEvent.ToolCallApprovalDecided;
import dev.baton.schemas.SessionKeys;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /v1/sessions/{id}/turns/{turnId}/tool-calls/{callId}/approval}: a person approves or
 * denies a tool call that waits for approval. The session's owner registers a waiter, writes {@code
 * DecideToolCallApproval}, and answers with the model's decision: 200 with the call's decision, or
 * the refusal's problem (404 for a turn that is not running or a call it does not have, 409 for a
 * call that does not wait for approval, 422 for edited arguments that are too large).
 */
final class ApprovalEndpoint {

  private final SessionService sessions;
  private final TurnWaiters waiters;
  private final HttpOptions options;
  private final int maxBodyBytes;

  ApprovalEndpoint(
      SessionService sessions, TurnWaiters waiters, HttpOptions options, int maxBodyBytes) {
    this.sessions = sessions;
    this.waiters = waiters;
    this.options = options;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** Decides the call named by the path as the body asks; this instance owns the session. */
  void decide(Context ctx, String sessionId) throws InterruptedException {
    String turnId = ctx.pathParam("turnId");
    String callId = ctx.pathParam("callId");
    ApprovalRequest request = ApprovalRequest.parse(RequestBody.read(ctx, maxBodyBytes));
    SessionEndpoint.require(sessions, sessionId);
    SessionEvent outcome;
    try (TurnWaiter waiter = waiters.registerApproval(sessionId, turnId, callId)) {
      sessions.send(sessionId, request.toCommand(turnId, callId, Caller.of(ctx).identity()));
      outcome =
          waiter
              .awaitDecision(options.decisionTimeout())
              .orElseThrow(() -> timeout(sessionId, turnId, callId));
    }
    if (outcome instanceof ApprovalRefused refused) {
      throw problem(refused);
    }
    Json.respond(ctx, 200, view(sessionId, (ToolCallApprovalDecided) outcome));
  }

  private static Map<String, Object> view(String sessionId, ToolCallApprovalDecided decided) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("sessionId", SessionKeys.sessionIdOf(sessionId));
    json.put("turnId", decided.assignment().turnId());
    json.put("callId", decided.call().callId());
    json.put("name", decided.call().name());
    json.put("decision", decided.decision().name());
    json.put("arguments", Json.embedded(decided.argumentsJson()));
    json.put("reason", decided.reason().orElse(null));
    json.put("decidedBy", decided.decidedBy());
    json.put("decidedAt", decided.at().toString());
    return json;
  }

  private ProblemException timeout(String sessionId, String turnId, String callId) {
    return ProblemException.of(
        ProblemCode.TIMEOUT,
        "no decision on call "
            + callId
            + " within "
            + options.decisionTimeout().toMillis()
            + " ms; GET /v1/sessions/"
            + SessionKeys.sessionIdOf(sessionId)
            + "/events tells whether turn "
            + turnId
            + " took it");
  }

  private static ProblemException problem(ApprovalRefused refused) {
    String detail = refused.detail();
    return switch (refused.refusal()) {
      case TURN_NOT_ACTIVE -> ProblemException.of(ProblemCode.TURN_NOT_FOUND, detail);
      case CALL_NOT_FOUND -> ProblemException.of(ProblemCode.CALL_NOT_FOUND, detail);
      case NOT_AWAITING -> ProblemException.of(ProblemCode.APPROVAL_NOT_PENDING, detail);
      case ARGUMENTS_TOO_LARGE ->
          ProblemException.field(ProblemCode.ARGUMENTS_TOO_LARGE, "arguments", detail);
    };
  }
}
