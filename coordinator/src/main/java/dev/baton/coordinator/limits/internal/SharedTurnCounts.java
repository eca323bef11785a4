package dev.baton.coordinator.limits.internal;

import dev.baton.coordinator.limits.TurnKind;
import java.util.List;

/**
 * The counts of every tenant's running and queued turns that every coordinator instance shares: a
 * set of turns per tenant and kind, each turn counted until a time (its lease), after which it no
 * longer counts unless renewed. Times are epoch milliseconds.
 */
public interface SharedTurnCounts extends AutoCloseable {

  /**
   * Counts {@code member} as {@code kind} of {@code tenant} until {@code untilMillis}, if the
   * tenant counts fewer than {@code max} such turns at {@code nowMillis} or counts this one
   * already; all at once, so that instances that reserve together never pass {@code max}.
   *
   * @return whether the turn counts now
   * @throws RuntimeException if the store does not answer within its timeout
   */
  boolean reserve(
      String tenant, TurnKind kind, String member, int max, long nowMillis, long untilMillis);

  /**
   * Applies {@code changes}, in order: a counted turn counts until {@code untilMillis}. Drops the
   * turns no longer counted at {@code nowMillis} of the sets it changes.
   *
   * @throws RuntimeException if the store does not answer within its timeout
   */
  void apply(List<TurnChange> changes, long nowMillis, long untilMillis);

  /**
   * How many turns of {@code kind} {@code tenant} counts at {@code nowMillis}.
   *
   * @throws RuntimeException if the store does not answer within its timeout
   */
  long count(String tenant, TurnKind kind, long nowMillis);

  @Override
  void close();
}
