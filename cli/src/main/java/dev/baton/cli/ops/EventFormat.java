package dev.baton.cli.ops;

import dev.baton.cli.ops.internal.JsonText;
import dev.baton.coordinator.http.AvroJson;
import dev.baton.schemas.avro.SessionEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import org.apache.avro.specific.SpecificRecord;

/**
 * Session events as text: one human-readable line, or one line of JSON. The same line renders an
 * event decoded from the topic and one read through the HTTP API.
 *
 * <pre>{@code
 * 2025-06-01T10:00:03.120Z chat-42 #7 TurnCompleted turn=t-1 steps=1 answerSeq=2
 * }</pre>
 */
public final class EventFormat {

  /** Text values longer than this are cut in the human-readable line. */
  public static final int MAX_VALUE_CHARS = 80;

  private EventFormat() {}

  /** One human-readable line: time, session, event seq, type, turn, then the body's fields. */
  public static String line(SessionEvent event) {
    return line(
        String.valueOf(AvroJson.value(event.getOccurredAt())),
        event.getSessionId(),
        event.getEventSeq(),
        EventFilter.typeOf(event),
        event.getTurnId(),
        AvroJson.fields((SpecificRecord) event.getBody()));
  }

  /**
   * One human-readable line from an event's parts; {@code body} holds plain JSON values, fields
   * with null values are left out.
   */
  public static String line(
      String occurredAt,
      String sessionId,
      long eventSeq,
      String type,
      String turnId,
      Map<String, ?> body) {
    StringJoiner line = new StringJoiner(" ");
    line.add(occurredAt).add(sessionId).add("#" + eventSeq).add(type);
    if (turnId != null) {
      line.add("turn=" + turnId);
    }
    body.forEach(
        (name, value) -> {
          if (value != null) {
            line.add(name + "=" + value(value));
          }
        });
    return line.toString();
  }

  /** One line of JSON: {@code type}, then the event's fields with its body as an object. */
  public static String json(SessionEvent event) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("type", EventFilter.typeOf(event));
    json.putAll(AvroJson.fields(event));
    return JsonText.of(json);
  }

  /** A value as a short token: plain if it is a simple word, else as cut JSON. */
  static String value(Object value) {
    String text = value instanceof String s && s.matches("[\\w.:@/+-]+") ? s : JsonText.of(value);
    return text.length() <= MAX_VALUE_CHARS ? text : text.substring(0, MAX_VALUE_CHARS - 1) + "…";
  }
}
