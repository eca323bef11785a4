package dev.baton.worker.internal;

import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.ToolCallAssignment;
import dev.baton.worker.OperationClass;
import dev.baton.worker.ToolInvocation;
import java.util.function.BooleanSupplier;

/** The {@link ToolInvocation} view of a {@link ToolCallAssignment}. */
record AssignedToolCall(
    Assignment assignment,
    ToolCallAssignment body,
    OperationClass lockClass,
    BooleanSupplier cancelled)
    implements ToolInvocation {

  @Override
  public String sessionId() {
    return assignment.getSessionId();
  }

  @Override
  public String turnId() {
    return assignment.getTurnId();
  }

  @Override
  public int step() {
    return assignment.getStep();
  }

  @Override
  public int attempt() {
    return assignment.getAttempt();
  }

  @Override
  public long fencingToken() {
    return WorkerResults.dispatchToken(assignment, body);
  }

  @Override
  public String callId() {
    return body.getCallId();
  }

  @Override
  public String name() {
    return body.getName();
  }

  @Override
  public String argumentsJson() {
    return body.getArgumentsJson();
  }

  @Override
  public int index() {
    return body.getIndex();
  }

  @Override
  public OperationClass operationClass() {
    return lockClass;
  }

  @Override
  public boolean isCancelled() {
    return cancelled.getAsBoolean();
  }

  @Override
  public String toString() {
    return "ToolCall[session=%s, turn=%s, step=%d, call=%s (%d, %s), tool=%s, token=%d]"
        .formatted(
            sessionId(), turnId(), step(), callId(), index(), lockClass, name(), fencingToken());
  }
}
