package dev.baton.worker.lock.internal;

/**
 * A wake-up published on a session's channel: a call of a step was released ({@code released
 * <index> <done key>}), or a newer fencing token was seen ({@code token <token>}).
 *
 * @param doneKey the released call's step, by its done key; null for a token notice
 * @param index the released call; -1 for a token notice
 * @param token the newer token; -1 for a release notice
 */
record Notice(String doneKey, int index, long token) {

  /** A notice that wakes every waiter: a message of unknown shape, or a reconnect. */
  static final Notice EVERYONE = new Notice(null, -1, Long.MAX_VALUE);

  /** Parses a published message; a message of unknown shape wakes every waiter of the channel. */
  static Notice parse(String message) {
    String[] parts = message.split(" ", 3);
    try {
      if (parts.length == 3 && parts[0].equals("released")) {
        return new Notice(parts[2], Integer.parseInt(parts[1]), -1);
      }
      if (parts.length == 2 && parts[0].equals("token")) {
        return new Notice(null, -1, Long.parseLong(parts[1]));
      }
    } catch (NumberFormatException e) {
      // Falls through to the notice that wakes everyone.
    }
    return EVERYONE;
  }

  /** Whether a waiter with {@code keys} and {@code token}, held back by {@code blocker}, may go. */
  boolean mayUnblock(StepKeys keys, long waiterToken, int blocker) {
    if (doneKey == null) {
      return token > waiterToken;
    }
    if (blocker == Reply.OLDER) {
      return !doneKey.equals(keys.done()); // a lock of another step, maybe the older one, is free
    }
    return index == blocker && doneKey.equals(keys.done());
  }
}
