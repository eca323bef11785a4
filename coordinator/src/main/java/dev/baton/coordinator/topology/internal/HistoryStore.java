package dev.baton.coordinator.topology.internal;

import dev.baton.coordinator.session.HistoryRange;
import dev.baton.schemas.HistoryKey;
import dev.baton.schemas.avro.HistoryEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The history store as the processor uses it: one put per appended message, reads and deletes by
 * seq range. A session's keys are contiguous and in seq order (see {@link HistoryKey}).
 */
final class HistoryStore {

  private final KeyValueStore<HistoryKey, HistoryEntry> store;

  HistoryStore(KeyValueStore<HistoryKey, HistoryEntry> store) {
    this.store = store;
  }

  void append(HistoryEntry entry) {
    store.put(new HistoryKey(entry.getSessionId(), entry.getSeq()), entry);
  }

  Optional<HistoryEntry> get(String sessionId, long seq) {
    return Optional.ofNullable(store.get(new HistoryKey(sessionId, seq)));
  }

  /** Deletes the stored messages in {@code range}; each deletion is a changelog tombstone. */
  void clear(String sessionId, HistoryRange range) {
    if (range.isEmpty()) {
      return;
    }
    List<HistoryKey> keys = new ArrayList<>();
    try (KeyValueIterator<HistoryKey, HistoryEntry> stored = inRange(sessionId, range, false)) {
      stored.forEachRemaining(entry -> keys.add(entry.key));
    }
    keys.forEach(store::delete);
  }

  /**
   * Hands the stored messages of {@code range} to {@code visit} in seq order, until it answers
   * false: a caller that stops early reads no further.
   */
  void forEach(String sessionId, HistoryRange range, Predicate<HistoryEntry> visit) {
    if (range.isEmpty()) {
      return;
    }
    try (KeyValueIterator<HistoryKey, HistoryEntry> stored = inRange(sessionId, range, false)) {
      boolean more = true;
      while (more && stored.hasNext()) {
        more = visit.test(stored.next().value);
      }
    }
  }

  /**
   * The context of a step over {@code range}: see {@link ContextWindow}. Reads newest first and
   * stops at the byte budget, so a long history costs no more than the window.
   */
  List<HistoryEntry> contextWindow(
      String sessionId, HistoryRange range, String turnId, int budgetBytes) {
    if (range.isEmpty()) {
      return List.of();
    }
    try (KeyValueIterator<HistoryKey, HistoryEntry> newestFirst = inRange(sessionId, range, true)) {
      return ContextWindow.select(newestFirst, turnId, budgetBytes);
    }
  }

  /** The stored messages of a non-empty {@code range}; the caller closes the iterator. */
  private KeyValueIterator<HistoryKey, HistoryEntry> inRange(
      String sessionId, HistoryRange range, boolean reverse) {
    HistoryKey from = new HistoryKey(sessionId, range.fromSeq());
    HistoryKey to = new HistoryKey(sessionId, range.toSeq() - 1);
    return reverse ? store.reverseRange(from, to) : store.range(from, to);
  }
}
