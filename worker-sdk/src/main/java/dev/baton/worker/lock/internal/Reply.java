package dev.baton.worker.lock.internal;

import java.util.List;

/**
 * What a lock script answered: a status and a number (the index concerned, or the newest token).
 *
 * @param status GRANTED, WAIT, STALE, FINISHED, RENEWED, LOST or RELEASED
 * @param value the index the status is about, or for STALE the session's newest token
 */
record Reply(Status status, long value) {

  /** The statuses the scripts return. */
  enum Status {
    GRANTED,
    WAIT,
    STALE,
    FINISHED,
    RENEWED,
    LOST,
    RELEASED
  }

  /** Reads a script's {@code {status, value}} table. */
  static Reply of(List<Object> table) {
    return new Reply(Status.valueOf((String) table.get(0)), (Long) table.get(1));
  }
}
