package dev.baton.coordinator.limits.internal;

import dev.baton.coordinator.limits.TurnKind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Shared turn counts in this JVM, with the semantics of {@link RedisTurnCounts}, for tests without
 * Redis: several trackers over one of them share it like instances sharing Redis. {@link #down}
 * makes every call fail, as Redis not answering does.
 */
public final class InJvmTurnCounts implements SharedTurnCounts {

  /** Makes every call fail while set. */
  public final AtomicBoolean down = new AtomicBoolean();

  /** Every call, failed or not. */
  public final AtomicInteger calls = new AtomicInteger();

  private final Map<String, Map<String, Long>> sets = new HashMap<>();

  @Override
  public synchronized boolean reserve(
      String tenant, TurnKind kind, String member, int max, long nowMillis, long untilMillis) {
    Map<String, Long> set = live(tenant, kind, nowMillis);
    if (!set.containsKey(member) && set.size() >= max) {
      return false;
    }
    set.put(member, untilMillis);
    return true;
  }

  @Override
  public synchronized void apply(List<TurnChange> changes, long nowMillis, long untilMillis) {
    for (TurnChange change : changes) {
      Map<String, Long> set = live(change.tenant(), change.kind(), nowMillis);
      if (change.counted()) {
        set.put(change.member(), untilMillis);
      } else {
        set.remove(change.member());
      }
    }
  }

  @Override
  public synchronized long count(String tenant, TurnKind kind, long nowMillis) {
    return live(tenant, kind, nowMillis).size();
  }

  /** The turns counted as {@code kind} of {@code tenant} at {@code nowMillis}, for assertions. */
  public synchronized List<String> members(String tenant, TurnKind kind, long nowMillis) {
    return live(tenant, kind, nowMillis).keySet().stream().sorted().toList();
  }

  @Override
  public void close() {}

  private Map<String, Long> live(String tenant, TurnKind kind, long nowMillis) {
    calls.incrementAndGet();
    if (down.get()) {
      throw new IllegalStateException("Redis does not answer");
    }
    Map<String, Long> set = sets.computeIfAbsent(tenant + ":" + kind.key(), k -> new HashMap<>());
    set.values().removeIf(until -> until <= nowMillis);
    return set;
  }
}
