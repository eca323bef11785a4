package dev.baton.worker.lock.internal;

import java.util.List;

/**
 * What a lock script answered: a status and a number (the index concerned, or the newest token).
 *
 * @param status GRANTED, WAIT, STALE, FINISHED, RENEWED, LOST, RELEASED or RECORDED
 * @param value the index the status is about ({@link #OLDER} for a WAIT on a lock of an older
 *     token), or for STALE the session's newest token
 * @param expiresInMillis for a WAIT on another delivery of the same call or on a lock of an older
 *     token, the time until that lock expires unless renewed; otherwise -1
 * @param outcome for a GRANTED call whose earlier holder recorded its outcome, that outcome; else
 *     null
 */
record Reply(Status status, long value, long expiresInMillis, String outcome) {

  /** The blocker a WAIT names when a conflicting lock of an older token is held. */
  static final int OLDER = -2;

  /** The statuses the scripts return. */
  enum Status {
    GRANTED,
    WAIT,
    STALE,
    FINISHED,
    RENEWED,
    LOST,
    RELEASED,
    RECORDED
  }

  /** Reads a script's {@code {status, value}} table. */
  static Reply of(List<Object> table) {
    long expiresIn = table.size() > 2 ? (Long) table.get(2) : -1;
    String outcome = table.size() > 3 ? (String) table.get(3) : null;
    return new Reply(
        Status.valueOf((String) table.get(0)), (Long) table.get(1), expiresIn, outcome);
  }
}
