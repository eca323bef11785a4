package dev.baton.coordinator.topology.internal;

import dev.baton.coordinator.session.ToolCall;
import dev.baton.coordinator.session.WorkTerms;
import dev.baton.schemas.avro.AgentStep;
import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.HistoryEntry;
import dev.baton.schemas.avro.SessionEvent;
import dev.baton.schemas.avro.StepAssigned;
import dev.baton.schemas.avro.ToolCallAssignment;
import dev.baton.schemas.avro.ToolCallDispatched;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Builds the assignments the coordinator hands to workers, from the events that decide them. */
final class Assignments {

  private Assignments() {}

  /**
   * The {@code AgentStep} assignment of a {@code StepAssigned} event.
   *
   * @param event the event; its body is {@code step}
   * @param step the event's body
   * @param input the user input that started the turn
   * @param context the step's context, oldest first
   * @param turnDeadline when the turn times out; null if it has no deadline
   * @param steeredSeqs the seqs of the user messages steered into the turn so far
   * @param metadata the client's metadata of the turn
   */
  static Assignment agentStep(
      SessionEvent event,
      StepAssigned step,
      String input,
      List<HistoryEntry> context,
      Instant turnDeadline,
      List<Long> steeredSeqs,
      Map<String, String> metadata) {
    Long contextStartSeq = context.isEmpty() ? null : context.getFirst().getSeq();
    AgentStep body =
        new AgentStep(
            input,
            context.stream().map(HistoryEntry::getMessage).toList(),
            contextStartSeq,
            metadata,
            steeredSeqs);
    return new Assignment(
        step.getAssignmentId(),
        event.getSessionId(),
        event.getTurnId(),
        step.getStep(),
        step.getAttempt(),
        step.getFencingToken(),
        step.getLeaseMs(),
        event.getOccurredAt(),
        turnDeadline,
        body);
  }

  /**
   * The {@code ToolCallAssignment} of a {@code ToolCallDispatched} event. All calls of a step share
   * the step's fencing token, step and attempt; each dispatch has its own dispatch token, the
   * event's. The event's id is the assignment's id.
   *
   * @param event the event; its body is {@code dispatched}
   * @param dispatched the event's body
   * @param call the call
   * @param stepClasses the classes of all calls of the step, by index
   * @param ordered whether the coordinator orders the calls (the worker takes no turn lock)
   * @param terms the lease and the turn's deadline
   */
  static Assignment toolCall(
      SessionEvent event,
      ToolCallDispatched dispatched,
      ToolCall call,
      List<dev.baton.coordinator.session.OperationClass> stepClasses,
      boolean ordered,
      WorkTerms terms) {
    ToolCallAssignment body =
        new ToolCallAssignment(
            call.callId(),
            call.index(),
            call.name(),
            call.argumentsJson(),
            dispatched.getOperationClass(),
            stepClasses.stream().map(EventBodies::operationClass).toList(),
            ordered,
            dispatched.getDispatchToken());
    return new Assignment(
        dispatched.getAssignmentId(),
        event.getSessionId(),
        event.getTurnId(),
        dispatched.getStep(),
        dispatched.getAttempt(),
        dispatched.getFencingToken(),
        terms.lease().toMillis(),
        event.getOccurredAt(),
        terms.turnDeadline().orElse(null),
        body);
  }
}
