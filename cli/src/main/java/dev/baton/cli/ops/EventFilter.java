package dev.baton.cli.ops;

import dev.baton.schemas.avro.SessionEvent;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * Which session events to keep: one session (or all) and some event body types (or all). Types are
 * the body record names of {@code SessionEvent}, such as {@code TurnCompleted}, matched ignoring
 * case.
 *
 * <pre>{@code
 * EventFilter filter = EventFilter.of("chat-42", List.of("TurnCompleted", "TurnFailed"));
 * if (filter.acceptsSession(key) && filter.accepts(event)) { ... }
 * }</pre>
 *
 * @param sessionId the session to keep; empty for all
 * @param types the body types to keep; empty for all
 */
public record EventFilter(Optional<String> sessionId, Set<String> types) {

  /** Every event of every session. */
  public static final EventFilter ALL = new EventFilter(Optional.empty(), Set.of());

  private static final Map<String, String> KNOWN_TYPES = knownTypes();

  /** Copies the types. */
  public EventFilter {
    types = Set.copyOf(types);
  }

  /**
   * A filter for {@code sessionId} (null for all) and {@code types} (empty for all).
   *
   * @throws IllegalArgumentException naming an unknown type and the known ones
   */
  public static EventFilter of(String sessionId, Collection<String> types) {
    Set<String> canonical = new TreeSet<>();
    for (String type : types) {
      String name = KNOWN_TYPES.get(type.trim().toLowerCase(Locale.ROOT));
      if (name == null) {
        throw new IllegalArgumentException(
            "unknown event type '" + type + "'; known types: " + String.join(", ", eventTypes()));
      }
      canonical.add(name);
    }
    return new EventFilter(Optional.ofNullable(sessionId), canonical);
  }

  /** The body types of {@code SessionEvent}, in schema order. */
  public static Collection<String> eventTypes() {
    return KNOWN_TYPES.values();
  }

  /** The body type of {@code event}, such as {@code TurnCompleted}. */
  public static String typeOf(SessionEvent event) {
    return ((SpecificRecord) event.getBody()).getSchema().getName();
  }

  /** Whether a record keyed {@code sessionId} may pass; checked before decoding its value. */
  public boolean acceptsSession(String key) {
    return sessionId.isEmpty() || sessionId.get().equals(key);
  }

  /** Whether {@code event} passes. */
  public boolean accepts(SessionEvent event) {
    return acceptsSession(event.getSessionId())
        && (types.isEmpty() || types.contains(typeOf(event)));
  }

  private static Map<String, String> knownTypes() {
    Map<String, String> byLowerCase = new LinkedHashMap<>();
    for (Schema body : SessionEvent.getClassSchema().getField("body").schema().getTypes()) {
      byLowerCase.put(body.getName().toLowerCase(Locale.ROOT), body.getName());
    }
    return byLowerCase;
  }
}
