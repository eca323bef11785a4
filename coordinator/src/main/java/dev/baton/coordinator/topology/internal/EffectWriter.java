package dev.baton.coordinator.topology.internal;

import dev.baton.coordinator.topology.DecisionListener;
import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.HistoryEntry;
import dev.baton.schemas.avro.SessionEvent;
import dev.baton.schemas.avro.StepAssigned;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a decision's effects in order: store writes, and records forwarded downstream with the
 * input's timestamp and their turn's trace context ({@link TraceHeaders}). Under exactly-once, all
 * of them commit in one transaction. Every forwarded event is also kept in the events store, a
 * decision's events in one entry, written before the decision listener hears it, last. An agent
 * step's assignment is the one record made here rather than planned: its context is read from the
 * history store and cut until the assignment fits the {@link RecordBudget}.
 */
final class EffectWriter {

  private static final Logger log = LoggerFactory.getLogger(EffectWriter.class);

  /** How often a step's context is cut further before it is cut to nothing but markers. */
  private static final int MAX_CONTEXT_CUTS = 4;

  /** Bytes cut beyond an assignment's excess, for the markers the cuts add. */
  private static final int CUT_SLACK = 4096;

  private final ProcessorContext<String, SpecificRecord> context;
  private final SessionRecordStores records;
  private final TaskTimers timers;
  private final HistoryStore history;
  private final EventStore events;
  private final TaskMetrics metrics;
  private final DecisionListener listener;
  private final int contextBytes;
  private final RecordBudget budget;
  private final QueuedTraces queuedTraces;

  /** The trace context of the decision being applied. */
  private TraceHeaders trace;

  EffectWriter(
      ProcessorContext<String, SpecificRecord> context,
      SessionRecordStores records,
      TaskTimers timers,
      HistoryStore history,
      EventStore events,
      TaskMetrics metrics,
      DecisionListener listener,
      int contextBytes,
      RecordBudget budget) {
    this.context = context;
    this.records = records;
    this.timers = timers;
    this.history = history;
    this.events = events;
    this.metrics = metrics;
    this.listener = listener;
    this.contextBytes = contextBytes;
    this.budget = budget;
    this.queuedTraces = new QueuedTraces(records.payloads());
  }

  void apply(List<Effect> effects, InputRecord input) {
    trace = TraceHeaders.of(input, effects, queuedTraces);
    try {
      effects.forEach(effect -> apply(effect, input));
    } finally {
      events.flush(); // What was forwarded is kept, as far as the decision got.
    }
  }

  private void apply(Effect effect, InputRecord input) {
    switch (effect) {
      case Effect.Emit emit -> emit(emit.key(), emit.event(), input);
      case Effect.AppendHistory append -> history.append(append.entry());
      case Effect.ClearHistory clear -> history.clear(clear.sessionId(), clear.range());
      case Effect.Assign assign -> assign(assign, input);
      case Effect.Dispatch dispatch -> {
        emit(dispatch.dispatched().getSessionId(), dispatch.dispatched(), input);
        forward(dispatch.assignment().getSessionId(), dispatch.assignment(), input);
      }
      case Effect.Save save -> records.sessions().put(save.session().sessionId(), save.session());
      case Effect.PutPayload put -> records.payloads().put(put.key(), put.body());
      case Effect.DeletePayload delete -> records.payloads().delete(delete.key());
      case Effect.PutTurnPage put -> records.turnPages().put(put.key(), put.turns());
      case Effect.DeleteTurnPage delete -> records.turnPages().delete(delete.key());
      case Effect.CountRejection count -> metrics.rejections().record(count.reason());
      case Effect.CountDispatchModeChange count -> metrics.dispatchModes().record(count.to());
      case Effect.CountOversize count -> metrics.oversize().record(count.kind());
      case Effect.Notify notify -> notify(notify);
      case Effect.Signal signal -> forward(signal.signal().getSessionId(), signal.signal(), input);
      case Effect.Reschedule move -> timers.move(move.sessionId(), move.from(), move.to());
      case Effect.SendCommand send -> forward(send.command().getSessionId(), send.command(), input);
      case Effect.Seed seed ->
          throw new IllegalStateException("a fork's seed was not read before it was written");
      case Effect.SeedTooLarge seed ->
          throw new IllegalStateException("an oversize seed was planned to be written");
      case Effect.Delete delete -> {
        records.delete(delete.sessionId());
        events.clear(delete.sessionId());
      }
    }
  }

  private void notify(Effect.Notify notify) {
    events.flush(); // A listener may read the store.
    try {
      listener.decided(notify.sessionId(), notify.events());
    } catch (RuntimeException e) {
      log.warn("The decision listener failed for session {}; ignored", notify.sessionId(), e);
    }
  }

  private void emit(String key, SessionEvent event, InputRecord input) {
    forward(key, event, input);
    events.append(event);
  }

  private void assign(Effect.Assign assign, InputRecord input) {
    SessionEvent event = assign.stepAssigned();
    String sessionId = event.getSessionId();
    String turnInput =
        history
            .get(sessionId, assign.turnFirstSeq())
            .map(entry -> entry.getMessage().getContent())
            .orElse("");
    int contextBudget = contextBytes;
    for (int tries = 1; ; tries++) {
      List<HistoryEntry> window =
          history.contextWindow(sessionId, assign.context(), event.getTurnId(), contextBudget);
      StepAssigned step =
          StepAssigned.newBuilder((StepAssigned) event.getBody())
              .setContextMessages(window.size())
              .build();
      SessionEvent counted = SessionEvent.newBuilder(event).setBody(step).build();
      Assignment agentStep =
          Assignments.agentStep(
              counted,
              step,
              turnInput,
              window,
              assign.turnDeadline(),
              assign.steeredSeqs(),
              assign.metadata());
      long excess = budget.excess(agentStep);
      if (excess <= 0 || contextBudget == 0) {
        emit(sessionId, counted, input);
        forward(sessionId, agentStep, input);
        return;
      }
      // The context's framing (roles, call ids, cut markers) does not count against the budget
      // on its text, so a context of many messages can still make too large an assignment.
      contextBudget =
          tries < MAX_CONTEXT_CUTS ? (int) Math.max(0, contextBudget - excess - CUT_SLACK) : 0;
      log.debug("The step's context of {} is cut to {} bytes", sessionId, contextBudget);
    }
  }

  private void forward(String key, SpecificRecord value, InputRecord input) {
    context.forward(
        new Record<>(key, value, input.timestamp().toEpochMilli(), trace.forRecord(value)));
  }
}
