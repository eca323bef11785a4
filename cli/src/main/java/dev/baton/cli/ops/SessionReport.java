package dev.baton.cli.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.cli.ops.internal.JsonText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code baton inspect} shows of a session, from the coordinator's JSON: its status, active
 * turn, queued and recent turns, history bounds, and its last events, one line each.
 *
 * <pre>{@code
 * session chat-42  BUSY  history seq 1..3  next event #12
 * active  t-2 RUNNING step 1 since 2025-06-01T10:00:03Z
 * queued  1. t-3 since 2025-06-01T10:00:04Z
 * recent  t-1 COMPLETED
 * last 2 events
 *   2025-06-01T10:00:03Z chat-42 #10 TurnStarted turn=t-2
 *   ...
 * }</pre>
 */
public final class SessionReport {

  private SessionReport() {}

  /** How many events to fetch to show the last {@code count} of a session with this view. */
  public static long firstEventSeq(JsonNode session, int count) {
    return Math.max(0, session.path("nextEventSeq").asLong(0) - count);
  }

  /** The report's lines from a session view and a page of its events. */
  public static List<String> lines(JsonNode session, JsonNode eventsPage) {
    List<String> lines = new ArrayList<>();
    JsonNode history = session.path("history");
    long fromSeq = history.path("fromSeq").asLong();
    long nextSeq = history.path("nextSeq").asLong();
    lines.add(
        "session "
            + session.path("sessionId").asText()
            + "  "
            + session.path("status").asText()
            + (nextSeq > fromSeq
                ? "  history seq " + fromSeq + ".." + (nextSeq - 1)
                : "  no history")
            + "  next event #"
            + session.path("nextEventSeq").asLong());
    JsonNode active = session.path("activeTurn");
    lines.add(
        active.isMissingNode() || active.isNull()
            ? "active  none"
            : "active  "
                + active.path("turnId").asText()
                + " "
                + active.path("status").asText()
                + " step "
                + active.path("step").asInt()
                + " since "
                + active.path("startedAt").asText());
    for (JsonNode queued : session.path("queuedTurns")) {
      lines.add(
          "queued  "
              + queued.path("position").asInt()
              + ". "
              + queued.path("turnId").asText()
              + " since "
              + queued.path("queuedAt").asText());
    }
    List<String> recent = new ArrayList<>();
    for (JsonNode turn : session.path("recentTurns")) {
      recent.add(turn.path("turnId").asText() + " " + turn.path("status").asText());
    }
    lines.add("recent  " + (recent.isEmpty() ? "none" : String.join(", ", recent)));
    JsonNode events = eventsPage.path("events");
    lines.add("last " + events.size() + (events.size() == 1 ? " event" : " events"));
    for (JsonNode event : events) {
      lines.add("  " + eventLine(session.path("sessionId").asText(), event));
    }
    return lines;
  }

  /** The session view and its events as one JSON object: {@code {"session", "events"}}. */
  public static String json(JsonNode session, JsonNode eventsPage) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("session", session);
    json.put("events", eventsPage.path("events"));
    return JsonText.of(json);
  }

  private static String eventLine(String sessionId, JsonNode event) {
    @SuppressWarnings("unchecked")
    Map<String, Object> body = JsonText.MAPPER.convertValue(event.path("body"), Map.class);
    return EventFormat.line(
        event.path("occurredAt").asText(),
        sessionId,
        event.path("eventSeq").asLong(),
        event.path("type").asText(),
        event.path("turnId").isNull() ? null : event.path("turnId").asText(null),
        body == null ? Map.of() : body);
  }
}
