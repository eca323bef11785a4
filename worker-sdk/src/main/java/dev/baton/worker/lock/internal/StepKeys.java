package dev.baton.worker.lock.internal;

import dev.baton.worker.lock.LockRequest;

/**
 * The Redis keys and pub/sub channel of one step's lock. Every name carries the hash tag {@code
 * {sessionId}}, so a session's keys share one Redis Cluster slot and one script may touch them all.
 *
 * @param token the session's newest fencing token, {@code baton:{s}:token}
 * @param done the bitmap of finished calls, {@code baton:{s}:turn:{t}:{token}:step:{n}:done}
 * @param holders the hash of call index to {@code "<expiry ms> <holder>"}, {@code ...:holders}
 * @param running the session's held locks of every turn and step, holder to {@code "<expiry ms>
 *     <token> <R|W>"}, {@code baton:{s}:running}
 * @param outcomes the hash of call index to the outcome its holder recorded, {@code ...:outcomes}
 * @param channel the session's wake-up channel, {@code baton:{s}:lock}
 */
public record StepKeys(
    String token, String done, String holders, String running, String outcomes, String channel) {

  /** The keys of {@code request}'s step under its fencing token. */
  public static StepKeys of(LockRequest request) {
    String session = "baton:{" + request.sessionId() + "}";
    String step =
        session
            + ":turn:"
            + request.turnId()
            + ":"
            + request.fencingToken()
            + ":step:"
            + request.step();
    return new StepKeys(
        session + ":token",
        step + ":done",
        step + ":holders",
        session + ":running",
        step + ":outcomes",
        channel(request.sessionId()));
  }

  /** The wake-up channel of {@code sessionId}. */
  public static String channel(String sessionId) {
    return "baton:{" + sessionId + "}:lock";
  }

  /** The keys in the order the scripts take them. */
  String[] asArray() {
    return new String[] {token, done, holders, running, outcomes};
  }
}
