package dev.baton.coordinator.topology.internal;

import dev.baton.coordinator.topology.CoordinatorTopology;
import dev.baton.schemas.HistoryKey;
import dev.baton.schemas.SessionKeys;
import dev.baton.schemas.avro.SessionEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The events store as the processor uses it: each session's latest events by {@code eventSeq}, for
 * the HTTP API. Keys are {@link HistoryKey}s of (session id, eventSeq), so a session's events are
 * one contiguous, ordered range. Each append beyond the bound deletes the session's event that
 * falls out of it, so a write costs one put and, once the session has that many, one delete.
 */
final class EventStore {

  private final KeyValueStore<HistoryKey, SessionEvent> store;
  private final int perSession;

  EventStore(KeyValueStore<HistoryKey, SessionEvent> store, int perSession) {
    this.store = store;
    this.perSession = perSession;
  }

  /**
   * Stores {@code event}; events about records outside any session (keyed {@link
   * CoordinatorTopology#INVALID_SESSION_KEY}) are not kept.
   */
  void append(SessionEvent event) {
    String sessionId = event.getSessionId();
    if (sessionId.equals(CoordinatorTopology.INVALID_SESSION_KEY)
        || !SessionKeys.isValid(sessionId)) {
      return;
    }
    long seq = event.getEventSeq();
    store.put(new HistoryKey(sessionId, seq), event);
    dropOutOfBound(sessionId, seq - perSession);
  }

  /**
   * Deletes the session's event {@code dropped} if it is stored. A session's numbers start at its
   * epoch's first number, far above 0, so for the first {@code perSession} events of a life there
   * is nothing to drop; looking first (a local read) spares the changelog a tombstone per event.
   */
  private void dropOutOfBound(String sessionId, long dropped) {
    if (dropped < 0) {
      return;
    }
    HistoryKey key = new HistoryKey(sessionId, dropped);
    if (store.get(key) != null) {
      store.delete(key);
    }
  }

  /** Deletes every stored event of {@code sessionId}. */
  void clear(String sessionId) {
    List<HistoryKey> keys = new ArrayList<>();
    try (KeyValueIterator<HistoryKey, SessionEvent> stored =
        store.range(new HistoryKey(sessionId, 0), new HistoryKey(sessionId, Long.MAX_VALUE))) {
      stored.forEachRemaining(entry -> keys.add(entry.key));
    }
    keys.forEach(store::delete);
  }
}
