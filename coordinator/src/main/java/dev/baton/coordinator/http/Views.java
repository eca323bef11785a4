package dev.baton.coordinator.http;

import dev.baton.coordinator.session.ActiveTurn;
import dev.baton.coordinator.session.FinishedTurn;
import dev.baton.coordinator.session.QueuedTurn;
import dev.baton.coordinator.session.SessionState;
import dev.baton.coordinator.session.ToolBatch;
import dev.baton.coordinator.session.ToolCall;
import dev.baton.coordinator.topology.StoredSession;
import dev.baton.schemas.MessageText;
import dev.baton.schemas.SessionKeys;
import dev.baton.schemas.avro.HistoryEntry;
import dev.baton.schemas.avro.SessionEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.apache.avro.specific.SpecificRecord;

/** The JSON bodies of the session endpoints, as maps in a fixed field order. */
final class Views {

  private Views() {}

  /**
   * {@code {"sessionId","turnId","status","answer"?,"error"?}}. Every view names the session as its
   * tenant does, without the tenant that its key holds.
   */
  static Map<String, Object> turn(String sessionId, TurnResult turn) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("sessionId", SessionKeys.sessionIdOf(sessionId));
    json.put("turnId", turn.turnId());
    json.put("status", turn.status().name());
    turn.answer().ifPresent(answer -> json.put("answer", answer));
    turn.error().ifPresent(error -> json.put("error", error));
    turn.joinedTurnId().ifPresent(into -> json.put("joinedTurnId", into));
    return json;
  }

  /** The session's status, active turn, queue, latest finished turns and history bounds. */
  static Map<String, Object> session(StoredSession stored) {
    SessionState state = stored.state();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("sessionId", SessionKeys.sessionIdOf(state.sessionId()));
    json.put("status", state.isIdle() ? "IDLE" : "BUSY");
    json.put("paused", state.paused());
    json.put("activeTurn", state.activeTurn().map(Views::activeTurn).orElse(null));
    json.put("queuedTurns", queue(state.queue()));
    json.put("recentTurns", state.finishedTurns().stream().map(Views::finishedTurn).toList());
    json.put("history", Map.of("fromSeq", state.historyStart(), "nextSeq", state.nextSeq()));
    json.put("nextEventSeq", stored.nextEventSeq());
    return json;
  }

  /** One history message. */
  static Map<String, Object> message(HistoryEntry entry) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("seq", entry.getSeq());
    json.put("role", entry.getMessage().getRole().name());
    json.put("content", MessageText.of(entry.getMessage()));
    json.put("turnId", entry.getTurnId());
    json.put("appendedAt", text(entry.getAppendedAt()));
    return json;
  }

  /** One event: its envelope, {@code type} (the body's record name) and {@code body}. */
  static Map<String, Object> event(SessionEvent event) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("eventSeq", event.getEventSeq());
    json.put("eventId", event.getEventId());
    json.put("type", ((SpecificRecord) event.getBody()).getSchema().getName());
    json.put("turnId", event.getTurnId());
    json.put("occurredAt", text(event.getOccurredAt()));
    json.put("causationId", event.getCausationId());
    json.put("body", AvroJson.value(event.getBody()));
    return json;
  }

  /**
   * A page of items: {@code {"sessionId", <name>: [...], "nextFrom"}}, where {@code nextFrom} is
   * the {@code from} of the next page, or null if this is the last.
   *
   * @param fetched up to {@code limit + 1} items; one more than {@code limit} means there is a next
   *     page, starting at that item
   */
  static <T> Map<String, Object> page(
      String sessionId,
      String name,
      List<T> fetched,
      int limit,
      Function<T, Map<String, Object>> view,
      ToLongFunction<T> seqOf) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("sessionId", SessionKeys.sessionIdOf(sessionId));
    json.put(name, fetched.stream().limit(limit).map(view).toList());
    json.put("nextFrom", fetched.size() > limit ? seqOf.applyAsLong(fetched.get(limit)) : null);
    return json;
  }

  static Map<String, Object> activeTurn(ActiveTurn turn) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("turnId", turn.turnId());
    json.put("status", "RUNNING");
    json.put("startedAt", text(turn.startedAt()));
    json.put("step", turn.step());
    List<Map<String, Object>> steered = new ArrayList<>();
    turn.steered().forEach(m -> steered.add(Map.of("turnId", m.messageId(), "seq", m.seq())));
    turn.steering().forEach(m -> steered.add(Map.of("turnId", m.turnId())));
    json.put("steered", steered);
    json.put("awaitingApproval", awaitingApproval(turn));
    return json;
  }

  /** The calls of the turn's current step that wait for approval, with their deadline. */
  private static List<Map<String, Object>> awaitingApproval(ActiveTurn turn) {
    List<Map<String, Object>> json = new ArrayList<>();
    if (turn.tools().isEmpty()) {
      return json;
    }
    ToolBatch batch = turn.tools().get();
    for (ToolCall call : batch.callsAwaitingApproval()) {
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("callId", call.callId());
      view.put("name", call.name());
      view.put("arguments", Json.embedded(call.argumentsJson()));
      view.put("deadline", text(batch.approvals().deadline().orElseThrow()));
      json.add(view);
    }
    return json;
  }

  static List<Map<String, Object>> queue(List<QueuedTurn> queue) {
    List<Map<String, Object>> json = new ArrayList<>();
    for (int i = 0; i < queue.size(); i++) {
      Map<String, Object> turn = new LinkedHashMap<>();
      turn.put("turnId", queue.get(i).turnId());
      turn.put("position", i + 1);
      turn.put("queuedAt", text(queue.get(i).queuedAt()));
      turn.put("merged", queue.get(i).merged().stream().map(QueuedTurn::turnId).toList());
      json.add(turn);
    }
    return json;
  }

  private static Map<String, Object> finishedTurn(FinishedTurn turn) {
    return Map.of("turnId", turn.turnId(), "status", turn.status().name());
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
