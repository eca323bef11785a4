package dev.baton.worker.lock.internal;

import java.util.List;

/**
 * What a lock script answered: a status and a number (the index concerned, or the newest token).
 *
 * @param status GRANTED, WAIT, STALE, FINISHED, RENEWED, LOST or RELEASED
 * @param value the index the status is about, or for STALE the session's newest token
 * @param expiresInMillis for a WAIT on another delivery of the same call, the time until that
 *     delivery's lock expires unless renewed; otherwise -1
 */
record Reply(Status status, long value, long expiresInMillis) {

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
    long expiresIn = table.size() > 2 ? (Long) table.get(2) : -1;
    return new Reply(Status.valueOf((String) table.get(0)), (Long) table.get(1), expiresIn);
  }
}
