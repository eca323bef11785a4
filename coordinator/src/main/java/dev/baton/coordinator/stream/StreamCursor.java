package dev.baton.coordinator.stream;

/**
 * Where a stream is in its session's partition: the offsets of the last session event and the last
 * delta it has passed. Its text is the id of the event it follows, from which a client resumes on
 * any instance.
 */
public sealed interface StreamCursor permits TurnCursor, FeedCursor {

  /** The offset of the last session event passed. */
  long eventsOffset();

  /** The offset of the last delta passed. */
  long deltaOffset();

  /** Whether nothing follows: the stream's terminal event. */
  boolean ended();

  /** The id's text. */
  String format();
}
