package dev.baton.coordinator.session;

import java.util.Objects;
import java.util.Optional;

/**
 * A tool call as the agent asked for it, before the coordinator classified it.
 *
 * @param callId identifies the call within its step; results are de-duplicated by it
 * @param name the tool's name
 * @param argumentsJson the arguments as a JSON object
 * @param declaredClass the class the answering worker declared for the tool, if any
 * @param needsApproval whether the answering worker declared that the tool's calls wait for a
 *     person's approval ({@link ApprovalPolicy})
 */
public record ToolCallRequest(
    String callId,
    String name,
    String argumentsJson,
    Optional<OperationClass> declaredClass,
    boolean needsApproval) {

  /** Null checks. */
  public ToolCallRequest {
    Objects.requireNonNull(callId, "callId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(argumentsJson, "argumentsJson");
    Objects.requireNonNull(declaredClass, "declaredClass");
  }

  /** A call of a tool that the worker did not declare as needing approval. */
  public ToolCallRequest(
      String callId, String name, String argumentsJson, Optional<OperationClass> declaredClass) {
    this(callId, name, argumentsJson, declaredClass, false);
  }
}
