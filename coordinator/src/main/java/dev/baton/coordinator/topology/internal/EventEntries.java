package dev.baton.coordinator.topology.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Splits a decision's events into entries of the events store that each fit a record: as few as
 * fit, in order. An event that alone is over the limit gets an entry of its own (the record budget
 * refuses such a decision before anything is written).
 */
final class EventEntries {

  private EventEntries() {}

  /**
   * {@code events} in consecutive entries of at most {@code maxEntryBytes} each, as {@link
   * EventBatchSerde} writes them, an event taking {@code eventBytes} in the wire format.
   */
  static <E> List<List<E>> split(List<E> events, long maxEntryBytes, ToLongFunction<E> eventBytes) {
    List<List<E>> entries = new ArrayList<>();
    List<E> entry = new ArrayList<>();
    long bytes = EventBatchSerde.ENTRY_OVERHEAD;
    for (E event : events) {
      long size = EventBatchSerde.EVENT_OVERHEAD + eventBytes.applyAsLong(event);
      if (!entry.isEmpty() && bytes + size > maxEntryBytes) {
        entries.add(List.copyOf(entry));
        entry.clear();
        bytes = EventBatchSerde.ENTRY_OVERHEAD;
      }
      entry.add(event);
      bytes += size;
    }
    if (!entry.isEmpty()) {
      entries.add(List.copyOf(entry));
    }
    return entries;
  }
}
