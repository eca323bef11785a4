package dev.baton.coordinator.session;

import java.time.Instant;

/**
 * Numbers that never repeat for a session id, across expiry and reuse. Each life of a session (from
 * its first event until it expires) has an epoch, the time of its first event, and numbers its
 * fencing tokens, and the topology its {@code eventSeq}, up from {@link #firstNumber} of that
 * epoch: the epoch's milliseconds times {@link #NUMBERS_PER_MILLI}. A later life of the same id
 * starts at a later epoch, above every number of the lives before it, as long as a life used fewer
 * than {@link #NUMBERS_PER_MILLI} numbers per millisecond of its existence (from its first event to
 * the one after its expiry): a million per second, far more than one session can ask for.
 *
 * <p>The numbers stay below 2^53 until the year 2255, so they are exact in a Redis Lua script
 * (whose numbers are doubles) and in JSON consumers such as JavaScript.
 *
 * <p>{@code SessionEpoch.firstNumber(Instant.parse("2025-01-01T00:00:00Z")) == 1735689600000000L}
 */
public final class SessionEpoch {

  /** How many numbers each millisecond of a life's epoch stands for. */
  public static final long NUMBERS_PER_MILLI = 1000;

  /** The last epoch millisecond whose numbers stay below 2^53. */
  private static final long MAX_EPOCH_MILLI = (1L << 53) / NUMBERS_PER_MILLI - NUMBERS_PER_MILLI;

  private SessionEpoch() {}

  /**
   * The number a life that began at {@code epoch} counts up from: its first {@code eventSeq} is
   * this number, its first fencing token the next one. 0 for {@link Instant#EPOCH} (and earlier),
   * the epoch of a session that has not begun.
   */
  public static long firstNumber(Instant epoch) {
    long millis = Math.clamp(epoch.toEpochMilli(), 0, MAX_EPOCH_MILLI);
    return millis * NUMBERS_PER_MILLI;
  }
}
