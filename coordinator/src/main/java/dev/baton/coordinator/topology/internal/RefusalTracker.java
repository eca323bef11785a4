package dev.baton.coordinator.topology.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Decides from refused connections when another instance is dead: once its connections have been
 * refused for {@code refusedFor} with none reaching it in between. A peer found dead is not found
 * dead again for {@code hold}, so that one that is not dead after all (its HTTP API down, its
 * stream threads alive) is not removed from the group over and over.
 */
public final class RefusalTracker {

  private final Duration refusedFor;
  private final Duration hold;
  private final Map<String, Instant> firstRefused = new HashMap<>();
  private final Map<String, Instant> foundDead = new HashMap<>();

  /**
   * @param refusedFor how long a peer's connections are refused before it counts as dead; positive
   * @param hold how long a peer found dead is not found dead again
   */
  public RefusalTracker(Duration refusedFor, Duration hold) {
    if (!refusedFor.isPositive() || hold.isNegative()) {
      throw new IllegalArgumentException(
          "refusedFor must be positive and hold not negative, got " + refusedFor + ", " + hold);
    }
    this.refusedFor = refusedFor;
    this.hold = hold;
  }

  /**
   * Records that {@code peer} refused a connection at {@code now}; true if that makes it dead,
   * which it says once.
   */
  public synchronized boolean refused(String peer, Instant now) {
    Instant dead = foundDead.get(peer);
    if (dead != null && now.isBefore(dead.plus(hold))) {
      return false;
    }
    Instant first = firstRefused.computeIfAbsent(peer, p -> now);
    if (Duration.between(first, now).compareTo(refusedFor) < 0) {
      return false;
    }
    firstRefused.remove(peer);
    foundDead.put(peer, now);
    return true;
  }

  /** How long a peer's connections are refused before it counts as dead. */
  public Duration refusedFor() {
    return refusedFor;
  }

  /** Records that a connection to {@code peer} succeeded: its refusals start over. */
  public synchronized void reached(String peer) {
    firstRefused.remove(peer);
  }
}
