package dev.baton.coordinator.topology.internal;

import dev.baton.schemas.avro.AgentStep;
import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.HistoryEntry;
import dev.baton.schemas.avro.SessionEvent;
import dev.baton.schemas.avro.StepAssigned;
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
   */
  static Assignment agentStep(
      SessionEvent event, StepAssigned step, String input, List<HistoryEntry> context) {
    Long contextStartSeq = context.isEmpty() ? null : context.getFirst().getSeq();
    AgentStep body =
        new AgentStep(
            input,
            context.stream().map(HistoryEntry::getMessage).toList(),
            contextStartSeq,
            Map.of());
    return new Assignment(
        step.getAssignmentId(),
        event.getSessionId(),
        event.getTurnId(),
        step.getStep(),
        step.getAttempt(),
        step.getFencingToken(),
        step.getLeaseMs(),
        event.getOccurredAt(),
        null,
        body);
  }
}
