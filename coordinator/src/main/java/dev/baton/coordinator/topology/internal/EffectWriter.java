package dev.baton.coordinator.topology.internal;

import dev.baton.coordinator.topology.DecisionListener;
import dev.baton.coordinator.topology.StoredSession;
import dev.baton.schemas.avro.HistoryEntry;
import dev.baton.schemas.avro.SessionEvent;
import dev.baton.schemas.avro.StepAssigned;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a decision's effects in order: store writes, and records forwarded downstream with the
 * input's timestamp and trace context. Under exactly-once, all of them commit in one transaction.
 * Every forwarded event is also kept in the events store; the decision listener hears last.
 */
final class EffectWriter {

  private static final Logger log = LoggerFactory.getLogger(EffectWriter.class);

  private final ProcessorContext<String, SpecificRecord> context;
  private final KeyValueStore<String, StoredSession> sessions;
  private final KeyValueStore<String, String> timers;
  private final HistoryStore history;
  private final EventStore events;
  private final RejectionMetrics rejections;
  private final DispatchModeMetrics dispatchModes;
  private final DecisionListener listener;
  private final int contextBytes;

  EffectWriter(
      ProcessorContext<String, SpecificRecord> context,
      KeyValueStore<String, StoredSession> sessions,
      KeyValueStore<String, String> timers,
      HistoryStore history,
      EventStore events,
      RejectionMetrics rejections,
      DispatchModeMetrics dispatchModes,
      DecisionListener listener,
      int contextBytes) {
    this.context = context;
    this.sessions = sessions;
    this.timers = timers;
    this.history = history;
    this.events = events;
    this.rejections = rejections;
    this.dispatchModes = dispatchModes;
    this.listener = listener;
    this.contextBytes = contextBytes;
  }

  void apply(List<Effect> effects, InputRecord input) {
    for (Effect effect : effects) {
      switch (effect) {
        case Effect.Emit emit -> emit(emit.key(), emit.event(), input);
        case Effect.AppendHistory append -> history.append(append.entry());
        case Effect.ClearHistory clear -> history.clear(clear.sessionId(), clear.range());
        case Effect.Assign assign -> assign(assign, input);
        case Effect.Dispatch dispatch -> {
          emit(dispatch.dispatched().getSessionId(), dispatch.dispatched(), input);
          forward(dispatch.assignment().getSessionId(), dispatch.assignment(), input);
        }
        case Effect.Save save -> sessions.put(save.session().sessionId(), save.session());
        case Effect.CountRejection count -> rejections.record(count.reason());
        case Effect.CountDispatchModeChange count -> dispatchModes.record(count.to());
        case Effect.Notify notify -> notify(notify);
        case Effect.Signal signal ->
            forward(signal.signal().getSessionId(), signal.signal(), input);
        case Effect.Reschedule move -> reschedule(move);
        case Effect.Delete delete -> {
          sessions.delete(delete.sessionId());
          events.clear(delete.sessionId());
        }
      }
    }
  }

  private void reschedule(Effect.Reschedule move) {
    move.from().ifPresent(due -> timers.delete(TimerKeys.of(due, move.sessionId())));
    move.to().ifPresent(due -> timers.put(TimerKeys.of(due, move.sessionId()), move.sessionId()));
  }

  private void notify(Effect.Notify notify) {
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
    List<HistoryEntry> window =
        history.contextWindow(sessionId, assign.context(), event.getTurnId(), contextBytes);
    String turnInput =
        history
            .get(sessionId, assign.turnFirstSeq())
            .map(entry -> entry.getMessage().getContent())
            .orElse("");
    StepAssigned step =
        StepAssigned.newBuilder((StepAssigned) event.getBody())
            .setContextMessages(window.size())
            .build();
    SessionEvent counted = SessionEvent.newBuilder(event).setBody(step).build();
    emit(sessionId, counted, input);
    forward(
        sessionId,
        Assignments.agentStep(counted, step, turnInput, window, assign.turnDeadline()),
        input);
  }

  private void forward(String key, SpecificRecord value, InputRecord input) {
    context.forward(
        new Record<>(
            key, value, input.timestamp().toEpochMilli(), TraceHeaders.of(input.headers())));
  }
}
