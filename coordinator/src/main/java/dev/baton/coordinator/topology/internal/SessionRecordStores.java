package dev.baton.coordinator.topology.internal;

import dev.baton.coordinator.topology.CoordinatorStores;
import dev.baton.coordinator.topology.RememberedTurn;
import dev.baton.coordinator.topology.StoredSession;
import dev.baton.coordinator.topology.TurnPages;
import dev.baton.schemas.HistoryKey;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The stores that hold a session's record and the parts kept apart from it: its payload bodies and
 * the pages of its remembered turns.
 *
 * @param sessions the {@link CoordinatorStores#SESSIONS} store
 * @param payloads the {@link CoordinatorStores#PAYLOADS} store
 * @param turnPages the {@link CoordinatorStores#TURNS} store
 */
record SessionRecordStores(
    KeyValueStore<String, StoredSession> sessions,
    KeyValueStore<String, String> payloads,
    KeyValueStore<HistoryKey, List<RememberedTurn>> turnPages) {

  /** How session {@code sessionId} and its parts are loaded from these stores. */
  SessionPayloads loader() {
    return new SessionPayloads(
        sessionId -> {
          StoredSession stored = sessions.get(sessionId);
          return stored != null ? stored : StoredSession.empty(sessionId);
        },
        payloads::get,
        sessionId -> TurnPages.read(turnPages, sessionId));
  }

  /** Deletes the session's record, its payload bodies and its pages: a tombstone each. */
  void delete(String sessionId) {
    sessions.delete(sessionId);
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, String> bodies =
        payloads.prefixScan(StatePayloads.sessionPrefix(sessionId), new StringSerializer())) {
      bodies.forEachRemaining(entry -> keys.add(entry.key));
    }
    keys.forEach(payloads::delete);
    List<RememberedTurn> held = TurnPages.read(turnPages, sessionId);
    held.stream()
        .map(turn -> TurnPages.key(sessionId, turn.ordinal()))
        .distinct()
        .forEach(turnPages::delete);
  }
}
