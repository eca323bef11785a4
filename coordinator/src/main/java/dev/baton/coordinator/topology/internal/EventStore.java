package dev.baton.coordinator.topology.internal;

import dev.baton.coordinator.topology.CoordinatorTopology;
import dev.baton.schemas.HistoryKey;
import dev.baton.schemas.SessionKeys;
import dev.baton.schemas.avro.SessionEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The events store as the processor uses it: each session's latest events, for the HTTP API. A
 * decision's events are kept as one entry (one changelog record), keyed by {@link HistoryKey}s of
 * (session id, the entry's first eventSeq), so a session's entries are one contiguous, ordered
 * range ({@link dev.baton.coordinator.topology.KeptEvents} reads it). A decision whose events would
 * not fit one record takes as many entries as it needs. Writing an entry trims the session's
 * entries to its latest {@code perSession} events: an entry wholly older is deleted, one partly
 * older is written again with the rest.
 */
final class EventStore {

  private final KeyValueStore<HistoryKey, List<SessionEvent>> store;
  private final int perSession;
  private final long maxEntryBytes;
  private final ToLongFunction<SessionEvent> eventBytes;
  private final List<SessionEvent> pending = new ArrayList<>();

  /**
   * @param perSession how many of each session's latest events are kept
   * @param maxEntryBytes the largest value an entry may have
   * @param eventBytes the size of an event in the wire format
   */
  EventStore(
      KeyValueStore<HistoryKey, List<SessionEvent>> store,
      int perSession,
      long maxEntryBytes,
      ToLongFunction<SessionEvent> eventBytes) {
    this.store = store;
    this.perSession = perSession;
    this.maxEntryBytes = maxEntryBytes;
    this.eventBytes = eventBytes;
  }

  /**
   * Keeps {@code event} for the next {@link #flush}; events about records outside any session
   * (keyed {@link CoordinatorTopology#INVALID_SESSION_KEY}) are not kept.
   */
  void append(SessionEvent event) {
    String sessionId = event.getSessionId();
    if (sessionId.equals(CoordinatorTopology.INVALID_SESSION_KEY)
        || !SessionKeys.isValid(sessionId)) {
      return;
    }
    pending.add(event);
  }

  /** Writes the events appended since the last flush: an entry per session, in eventSeq order. */
  void flush() {
    while (!pending.isEmpty()) {
      String sessionId = pending.getFirst().getSessionId();
      List<SessionEvent> ofSession =
          pending.stream()
              .filter(event -> event.getSessionId().equals(sessionId))
              .sorted(Comparator.comparingLong(SessionEvent::getEventSeq))
              .toList();
      pending.removeIf(event -> event.getSessionId().equals(sessionId));
      write(sessionId, ofSession);
    }
  }

  private void write(String sessionId, List<SessionEvent> events) {
    long oldestKept = Math.max(0, events.getLast().getEventSeq() - perSession + 1);
    trimBefore(sessionId, oldestKept);
    List<SessionEvent> kept = from(events, oldestKept);
    for (List<SessionEvent> entry : EventEntries.split(kept, maxEntryBytes, eventBytes)) {
      store.put(new HistoryKey(sessionId, entry.getFirst().getEventSeq()), entry);
    }
  }

  /**
   * Deletes the session's events before {@code oldestKept}. Entries are keyed by their first
   * eventSeq, so only those keyed before it can hold any; under the bound there are none, and the
   * range is empty.
   */
  private void trimBefore(String sessionId, long oldestKept) {
    if (oldestKept == 0) {
      return;
    }
    List<KeyValue<HistoryKey, List<SessionEvent>>> older = new ArrayList<>();
    try (KeyValueIterator<HistoryKey, List<SessionEvent>> entries =
        store.range(HistoryKey.first(sessionId), new HistoryKey(sessionId, oldestKept - 1))) {
      entries.forEachRemaining(older::add);
    }
    for (KeyValue<HistoryKey, List<SessionEvent>> entry : older) {
      List<SessionEvent> rest = from(entry.value, oldestKept);
      if (rest.isEmpty()) {
        store.delete(entry.key);
      } else {
        store.put(entry.key, rest);
      }
    }
  }

  private static List<SessionEvent> from(List<SessionEvent> events, long eventSeq) {
    return events.stream().filter(event -> event.getEventSeq() >= eventSeq).toList();
  }

  /** Deletes every stored event of {@code sessionId}, and forgets those not flushed yet. */
  void clear(String sessionId) {
    pending.removeIf(event -> event.getSessionId().equals(sessionId));
    List<HistoryKey> keys = new ArrayList<>();
    try (KeyValueIterator<HistoryKey, List<SessionEvent>> stored =
        store.range(HistoryKey.first(sessionId), HistoryKey.last(sessionId))) {
      stored.forEachRemaining(entry -> keys.add(entry.key));
    }
    keys.forEach(store::delete);
  }
}
