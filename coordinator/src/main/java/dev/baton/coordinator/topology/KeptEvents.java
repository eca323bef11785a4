package dev.baton.coordinator.topology;

import dev.baton.schemas.HistoryKey;
import dev.baton.schemas.avro.SessionEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads a session's events from the {@link CoordinatorStores#EVENTS} store, whose entries each hold
 * the events of one decision: an entry's key is the session id and an eventSeq at or below its
 * events', so an entry is found by the greatest key at or below the eventSeq sought.
 *
 * <pre>{@code
 * ReadOnlyKeyValueStore<HistoryKey, List<SessionEvent>> store =
 *     streams.store(StoreQueryParameters.fromNameAndType(
 *         CoordinatorStores.EVENTS, QueryableStoreTypes.keyValueStore()));
 * List<SessionEvent> page = KeptEvents.read(store, sessionId, fromEventSeq, 100);
 * }</pre>
 */
public final class KeptEvents {

  private KeptEvents() {}

  /**
   * Up to {@code limit} of the session's kept events from {@code fromEventSeq} on, in eventSeq
   * order, each once.
   */
  public static List<SessionEvent> read(
      ReadOnlyKeyValueStore<HistoryKey, List<SessionEvent>> store,
      String sessionId,
      long fromEventSeq,
      int limit) {
    long from = Math.max(0, fromEventSeq);
    List<SessionEvent> events = new ArrayList<>();
    long last = -1;
    try (KeyValueIterator<HistoryKey, List<SessionEvent>> entries =
        store.range(entryAtOrBefore(store, sessionId, from), HistoryKey.last(sessionId))) {
      while (events.size() < limit && entries.hasNext()) {
        for (SessionEvent event : entries.next().value) {
          // An entry may overlap one written before it (the same decision, written again).
          if (event.getEventSeq() >= from && event.getEventSeq() > last && events.size() < limit) {
            events.add(event);
            last = event.getEventSeq();
          }
        }
      }
    }
    return events;
  }

  /** The key of the entry that may hold {@code eventSeq}: the greatest at or below it. */
  private static HistoryKey entryAtOrBefore(
      ReadOnlyKeyValueStore<HistoryKey, List<SessionEvent>> store,
      String sessionId,
      long eventSeq) {
    HistoryKey sought = new HistoryKey(sessionId, eventSeq);
    try (KeyValueIterator<HistoryKey, List<SessionEvent>> before =
        store.reverseRange(HistoryKey.first(sessionId), sought)) {
      return before.hasNext() ? before.next().key : sought;
    }
  }
}
