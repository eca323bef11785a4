package dev.baton.coordinator.topology.internal;

import dev.baton.coordinator.session.Payload;
import dev.baton.coordinator.session.SessionState;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The payload bodies of a session's state, which the sessions store keeps out of the session's
 * record (in the {@link dev.baton.coordinator.topology.CoordinatorStores#PAYLOADS} store): the
 * inputs of queued turns and the results a running tool batch has received. The model works on the
 * whole state; this class only moves its bodies out before it is stored and back after it is loaded
 * ({@link SessionState#withPayloads}), under keys it derives from the {@link Payload} each body is.
 */
final class StatePayloads {

  private static final char SEPARATOR = '\0';

  private StatePayloads() {}

  /** Every non-empty body of {@code state}, by key. */
  static Map<String, String> of(SessionState state) {
    Map<String, String> bodies = new LinkedHashMap<>();
    map(
        state,
        (key, body) -> {
          if (!body.isEmpty()) {
            bodies.put(key, body);
          }
          return body;
        });
    return bodies;
  }

  /** {@code state} with every body empty: what the session's record holds. */
  static SessionState stripped(SessionState state) {
    return map(state, (key, body) -> "");
  }

  /**
   * {@code state} with each body that {@code stored} has under its key put back; a body it lacks
   * stays as it is (a record written before bodies moved out still holds them).
   */
  static SessionState filled(SessionState state, Function<String, String> stored) {
    return map(
        state,
        (key, body) -> {
          String found = body.isEmpty() ? stored.apply(key) : null;
          return found != null ? found : body;
        });
  }

  /** The key of the payloads of session {@code sessionId}: a prefix of every one of them. */
  static String sessionPrefix(String sessionId) {
    return sessionId + SEPARATOR;
  }

  /** {@code state} with each body replaced by {@code change.apply(key, body)}. */
  private static SessionState map(SessionState state, BiFunction<String, String, String> change) {
    String session = state.sessionId();
    return state.withPayloads((payload, body) -> change.apply(key(session, payload), body));
  }

  /** The key of {@code payload} of session {@code session}; stable across versions. */
  private static String key(String session, Payload payload) {
    return switch (payload) {
      case Payload.QueuedInput input -> key(session, input.turnId(), "input");
      case Payload.ToolResultContent result ->
          key(
              session,
              result.turnId(),
              Long.toString(result.batch().fencingToken()) + SEPARATOR + result.callId());
    };
  }

  private static String key(String session, String turnId, String payload) {
    return session + SEPARATOR + turnId + SEPARATOR + payload;
  }
}
