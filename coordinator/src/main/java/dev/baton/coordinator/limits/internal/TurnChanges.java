package dev.baton.coordinator.limits.internal;

import dev.baton.coordinator.limits.TurnKind;
import dev.baton.coordinator.session.ActiveTurn;
import dev.baton.coordinator.session.FinishedTurn;
import dev.baton.coordinator.session.QueuedTurn;
import dev.baton.coordinator.session.RejectionCode;
import dev.baton.coordinator.session.SessionEvent;
import dev.baton.coordinator.session.SessionState;
import dev.baton.coordinator.session.TurnStatus;
import dev.baton.schemas.SessionKeys;
import java.util.ArrayList;
import java.util.List;

/**
 * The changes of turn counts that a session's decision or its state calls for. A turn counts as
 * running from its {@code TurnStarted}, as queued from its {@code TurnQueued}, and no longer from
 * its end. An input steered into the running turn or merged into a queued one counts as queued from
 * its {@code TurnSteered} or {@code TurnMerged} until the agent step that carries it is assigned
 * (or it is queued as a turn of its own, or merged into one). A rejected submit's turn and a
 * repeated submit's other count are dropped, since a reservation may have counted them before the
 * model decided.
 */
public final class TurnChanges {

  private final String tenant;
  private final String sessionKey;
  private final List<TurnChange> changes = new ArrayList<>();

  private TurnChanges(String sessionKey) {
    this.tenant = SessionKeys.tenantOf(sessionKey);
    this.sessionKey = sessionKey;
  }

  /** The changes that the model's {@code events} of one decision of a session call for. */
  public static List<TurnChange> of(String sessionKey, List<SessionEvent> events) {
    TurnChanges changes = new TurnChanges(sessionKey);
    events.forEach(changes::add);
    return changes.changes;
  }

  /**
   * The changes that bring the counts of a session to its {@code state}: its active turn counts as
   * running, its queued turns as queued, and its remembered finished turns not at all. Other turns
   * of the session are left as they are, such as one reserved by a submit not yet decided.
   */
  public static List<TurnChange> of(SessionState state) {
    TurnChanges changes = new TurnChanges(state.sessionId());
    state.activeTurn().ifPresent(turn -> changes.countAs(TurnKind.RUNNING, turn.turnId()));
    state.activeTurn().ifPresent(changes::steered);
    for (QueuedTurn turn : state.queue()) {
      changes.countAs(TurnKind.QUEUED, turn.turnId());
      turn.merged().forEach(merged -> changes.countAs(TurnKind.QUEUED, merged.turnId()));
    }
    for (FinishedTurn turn : state.finishedTurns()) {
      changes.drop(turn.turnId());
    }
    return changes.changes;
  }

  private void add(SessionEvent event) {
    switch (event) {
      case SessionEvent.TurnStarted started -> countAs(TurnKind.RUNNING, started.turnId());
      case SessionEvent.TurnQueued queued -> countAs(TurnKind.QUEUED, queued.turnId());
      case SessionEvent.TurnSteered steered -> countAs(TurnKind.QUEUED, steered.turnId());
      case SessionEvent.TurnMerged merged -> countAs(TurnKind.QUEUED, merged.turnId());
      case SessionEvent.StepAssigned assigned ->
          assigned.delivered().forEach(message -> drop(message.messageId()));
      case SessionEvent.TurnEnded ended -> drop(ended.turnId());
      case SessionEvent.TurnRejected rejected -> rejected(rejected);
      case SessionEvent.DuplicateTurnSubmitted repeated -> repeated(repeated);
      default -> {}
    }
  }

  private void steered(ActiveTurn turn) {
    turn.steering().forEach(waiting -> countAs(TurnKind.QUEUED, waiting.turnId()));
    turn.steered().forEach(delivered -> drop(delivered.messageId()));
  }

  private void rejected(SessionEvent.TurnRejected rejected) {
    // The id of a reused turn is a known turn's: its counts stay as they are.
    if (rejected.code() != RejectionCode.TURN_ID_REUSED) {
      drop(rejected.turnId());
    }
  }

  private void repeated(SessionEvent.DuplicateTurnSubmitted repeated) {
    if (repeated.status() == TurnStatus.RUNNING) {
      change(TurnKind.QUEUED, repeated.turnId(), false);
    } else if (repeated.status() == TurnStatus.QUEUED || repeated.status() == TurnStatus.STEERED) {
      change(TurnKind.RUNNING, repeated.turnId(), false);
    } else {
      drop(repeated.turnId());
    }
  }

  private void countAs(TurnKind kind, String turnId) {
    change(kind, turnId, true);
    change(kind.other(), turnId, false);
  }

  private void drop(String turnId) {
    change(TurnKind.RUNNING, turnId, false);
    change(TurnKind.QUEUED, turnId, false);
  }

  private void change(TurnKind kind, String turnId, boolean counted) {
    changes.add(new TurnChange(tenant, kind, TurnChange.member(sessionKey, turnId), counted));
  }
}
