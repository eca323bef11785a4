package dev.baton.coordinator.topology.internal;

import dev.baton.coordinator.session.ActiveTurn;
import dev.baton.coordinator.session.QueuedTurn;
import dev.baton.coordinator.session.SessionState;
import dev.baton.coordinator.session.ToolBatch;
import dev.baton.coordinator.session.ToolResult;
import dev.baton.coordinator.session.TurnWork;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The payload bodies of a session's state, which the sessions store keeps out of the session's
 * record (in the {@link dev.baton.coordinator.topology.CoordinatorStores#PAYLOADS} store): the
 * inputs of queued turns and the results a running tool batch has received. The model works on the
 * whole state; this class only moves its bodies out before it is stored and back after it is
 * loaded, under keys it derives from the state.
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
    List<QueuedTurn> queue =
        state.queue().stream()
            .map(
                turn ->
                    new QueuedTurn(
                        turn.turnId(),
                        change.apply(key(session, turn.turnId(), "input"), turn.input()),
                        turn.queuedAt(),
                        turn.deadline(),
                        turn.inputDigest()))
            .toList();
    Optional<ActiveTurn> active = state.activeTurn().map(turn -> withBodies(session, turn, change));
    return new SessionState(
        session,
        active,
        queue,
        state.finishedTurns(),
        state.historyStart(),
        state.nextSeq(),
        state.lastFencingToken(),
        state.paused(),
        state.lastActivityAt(),
        state.epoch());
  }

  private static ActiveTurn withBodies(
      String session, ActiveTurn turn, BiFunction<String, String, String> change) {
    if (!(turn.work() instanceof TurnWork.ToolCallsOut out)) {
      return turn;
    }
    ToolBatch batch = out.batch();
    String token = Long.toString(batch.assignment().fencingToken());
    List<ToolResult> results =
        batch.results().stream()
            .map(
                result ->
                    new ToolResult(
                        result.callId(),
                        change.apply(
                            key(session, turn.turnId(), token + SEPARATOR + result.callId()),
                            result.content()),
                        result.isError()))
            .toList();
    ToolBatch moved =
        new ToolBatch(
            batch.assignment(),
            batch.mode(),
            batch.calls(),
            results,
            batch.dispatches(),
            batch.waiting(),
            batch.ordered(),
            batch.tokensPerCall());
    return new ActiveTurn(
        turn.turnId(),
        turn.startedAt(),
        turn.firstSeq(),
        turn.step(),
        turn.usage(),
        turn.deadline(),
        turn.dispatchMode(),
        turn.leaseUntil(),
        new TurnWork.ToolCallsOut(moved),
        turn.inputDigest());
  }

  private static String key(String session, String turnId, String payload) {
    return session + SEPARATOR + turnId + SEPARATOR + payload;
  }
}
