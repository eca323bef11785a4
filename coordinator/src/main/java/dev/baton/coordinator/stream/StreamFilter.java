package dev.baton.coordinator.stream;

import dev.baton.schemas.avro.SessionEvent;
import dev.baton.schemas.avro.StreamDelta;

/**
 * What one stream makes of its session's records, fed in offset order (each topic in its own order)
 * on the reader's thread: {@link TurnFilter} for one turn, {@link FeedFilter} for every turn.
 */
interface StreamFilter {

  /** Passes a session event of the stream's session at {@code offset}. */
  void onEvent(long offset, SessionEvent event);

  /** Passes a delta of the stream's session at {@code offset}. */
  void onDelta(long offset, StreamDelta delta);

  /** Where the stream is: the id of the last event it sent, or where it starts. */
  StreamCursor cursor();

  /** Whether the stream has sent its terminal event. */
  boolean ended();
}
