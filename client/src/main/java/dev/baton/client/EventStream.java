package dev.baton.client;

import java.util.Iterator;

/**
 * What a {@link TurnStream} and a {@link SessionFeed} share: a blocking iterator of events that
 * reconnects after a dropped connection, after the last event it returned.
 */
public interface EventStream extends Iterator<TurnEvent>, AutoCloseable {

  /** The id of the last event returned (where the stream would resume), or null if none yet. */
  String lastEventId();

  /** How many times the stream has reconnected so far. */
  int reconnects();

  /** Disconnects; {@link #hasNext()} then returns false. */
  @Override
  void close();
}
