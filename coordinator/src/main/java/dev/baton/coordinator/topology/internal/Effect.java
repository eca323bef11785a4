package dev.baton.coordinator.topology.internal;

import dev.baton.coordinator.session.HistoryRange;
import dev.baton.coordinator.topology.RememberedTurn;
import dev.baton.coordinator.topology.StoredSession;
import dev.baton.schemas.HistoryKey;
import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.HistoryEntry;
import dev.baton.schemas.avro.RecordRejectionReason;
import dev.baton.schemas.avro.SessionEvent;
import dev.baton.schemas.avro.TurnSignal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One write of a decision; {@link EffectWriter} applies a decision's effects in order. */
sealed interface Effect {

  /** Forward {@code event} to the session-events topic under {@code key}. */
  record Emit(String key, SessionEvent event) implements Effect {}

  /** Put {@code entry} into the history store under its session id and seq. */
  record AppendHistory(HistoryEntry entry) implements Effect {}

  /** Delete the session's history messages in {@code range}: a tombstone per stored message. */
  record ClearHistory(String sessionId, HistoryRange range) implements Effect {}

  /**
   * Read the step's context from the history store, then forward {@code stepAssigned} (with the
   * context's message count) and its {@code AgentStep} assignment.
   *
   * @param stepAssigned the event, with a {@code StepAssigned} body
   * @param context the history range the session model chose
   * @param turnFirstSeq the seq of the turn's user message
   * @param turnDeadline when the turn times out; null if it has no deadline
   * @param steeredSeqs the seqs of the user messages steered into the turn so far
   * @param metadata the client's metadata of the turn
   */
  record Assign(
      SessionEvent stepAssigned,
      HistoryRange context,
      long turnFirstSeq,
      Instant turnDeadline,
      List<Long> steeredSeqs,
      Map<String, String> metadata)
      implements Effect {}

  /**
   * Forward {@code dispatched} (a {@code ToolCallDispatched} event) and its {@code
   * ToolCallAssignment}.
   */
  record Dispatch(SessionEvent dispatched, Assignment assignment) implements Effect {}

  /** Put {@code body} into the payloads store under {@code key}. */
  record PutPayload(String key, String body) implements Effect {}

  /** Delete {@code key} from the payloads store. */
  record DeletePayload(String key) implements Effect {}

  /**
   * Put {@code turns}, a page of a session's remembered turns, into the turns store under {@code
   * key} (see {@link dev.baton.coordinator.topology.TurnPages}).
   */
  record PutTurnPage(HistoryKey key, List<RememberedTurn> turns) implements Effect {}

  /** Delete the page {@code key} from the turns store: it holds no remembered turn any more. */
  record DeleteTurnPage(HistoryKey key) implements Effect {}

  /** Put the session's new state into the sessions store. */
  record Save(StoredSession session) implements Effect {}

  /**
   * Tell the {@link dev.baton.coordinator.topology.DecisionListener} about the model's events of
   * the decision, after everything else was written.
   */
  record Notify(String sessionId, List<dev.baton.coordinator.session.SessionEvent> events)
      implements Effect {}

  /** Count a change of a turn's dispatch mode, to {@code to}, in the metrics. */
  record CountDispatchModeChange(dev.baton.coordinator.session.DispatchMode to) implements Effect {}

  /** Count a rejected record in the metrics. */
  record CountRejection(RecordRejectionReason reason) implements Effect {}

  /** Count a decision refused because it needed a record of {@code kind} over the limit. */
  record CountOversize(RecordBudget.RecordKind kind) implements Effect {}

  /** Forward {@code signal} to the turn-signals topic, for the workers running its turn. */
  record Signal(TurnSignal signal) implements Effect {}

  /**
   * Move the session's entry in the timers store from {@code from} to {@code to}: the instants at
   * which it needs the wall clock before and after the decision.
   */
  record Reschedule(String sessionId, Optional<Instant> from, Optional<Instant> to)
      implements Effect {}

  /**
   * Delete the session from the sessions, events and payloads stores (tombstones), after it
   * expired.
   */
  record Delete(String sessionId) implements Effect {}

  /**
   * Read the source's history in {@code copied} and send it to the fork as a {@code SeedFork}
   * command with id {@code commandId}; {@link ForkSeeds} turns it into a {@link SendCommand}, or a
   * {@link SeedTooLarge} before the budget is checked.
   */
  record Seed(
      String commandId,
      String sourceSessionId,
      String forkSessionId,
      long atSeq,
      HistoryRange copied,
      Instant at)
      implements Effect {}

  /** A seed whose history alone takes at least {@code bytes}: over the record limit. */
  record SeedTooLarge(long bytes) implements Effect {}

  /** Forward {@code command} to the commands topic, keyed by its session id. */
  record SendCommand(dev.baton.schemas.avro.Command command) implements Effect {}
}
