package dev.baton.coordinator.topology.internal;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The values one thread wrote last, by their bytes, so that reading back bytes this thread wrote
 * returns the value that was written instead of decoding it again: a session's state is read at
 * every decision, and was written by the decision before. Keeps the {@code capacity} values read or
 * written last. Only for immutable values whose bytes decode to an equal value. Not thread-safe:
 * one per thread.
 *
 * @param <V> the values
 */
final class RecentlyWritten<V> {

  private final Map<ByteBuffer, V> byBytes;

  RecentlyWritten(int capacity) {
    this.byBytes =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<ByteBuffer, V> eldest) {
            return size() > capacity;
          }
        };
  }

  /**
   * Notes that {@code bytes} (which no one changes afterwards) are the encoding of {@code value}.
   */
  void wrote(byte[] bytes, V value) {
    byBytes.put(ByteBuffer.wrap(bytes), value);
  }

  /** The value written as {@code bytes}, or null if it is not among the recent ones. */
  V read(byte[] bytes) {
    return byBytes.get(ByteBuffer.wrap(bytes));
  }
}
