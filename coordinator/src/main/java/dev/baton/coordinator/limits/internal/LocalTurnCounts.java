package dev.baton.coordinator.limits.internal;

import dev.baton.coordinator.limits.TurnKind;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The running and queued turns of this instance's sessions, per tenant: the same changes as the
 * shared counts get, kept in memory. While Redis does not answer, this instance holds each tenant
 * to its limits over these turns alone. Changes here are never lost, so turns need no lease; the
 * turns of a session that moved to another instance are dropped with {@link #dropSession}.
 */
final class LocalTurnCounts {

  private final Map<TurnKind, Map<String, Set<String>>> turns = new EnumMap<>(TurnKind.class);

  LocalTurnCounts() {
    for (TurnKind kind : TurnKind.values()) {
      turns.put(kind, new HashMap<>());
    }
  }

  /**
   * Counts {@code member} if {@code tenant} counts fewer than {@code max} turns of {@code kind}, or
   * counts this one already.
   */
  synchronized boolean reserve(String tenant, TurnKind kind, String member, int max) {
    Set<String> counted = turns.get(kind).computeIfAbsent(tenant, t -> new HashSet<>());
    if (counted.contains(member) || counted.size() < max) {
      counted.add(member);
      return true;
    }
    dropIfEmpty(kind, tenant);
    return false;
  }

  /** Applies {@code changes}, in order. */
  synchronized void apply(List<TurnChange> changes) {
    for (TurnChange change : changes) {
      if (change.counted()) {
        turns
            .get(change.kind())
            .computeIfAbsent(change.tenant(), t -> new HashSet<>())
            .add(change.member());
      } else {
        Set<String> counted = turns.get(change.kind()).get(change.tenant());
        if (counted != null) {
          counted.remove(change.member());
          dropIfEmpty(change.kind(), change.tenant());
        }
      }
    }
  }

  /** How many turns of {@code kind} of {@code tenant} this instance counts. */
  synchronized int count(String tenant, TurnKind kind) {
    return turns.get(kind).getOrDefault(tenant, Set.of()).size();
  }

  /** Forgets the turns of the session keyed {@code sessionKey}, of tenant {@code tenant}. */
  synchronized void dropSession(String tenant, String sessionKey) {
    for (TurnKind kind : TurnKind.values()) {
      Set<String> counted = turns.get(kind).get(tenant);
      if (counted != null) {
        counted.removeIf(member -> TurnChange.ofSession(member, sessionKey));
        dropIfEmpty(kind, tenant);
      }
    }
  }

  private void dropIfEmpty(TurnKind kind, String tenant) {
    turns.get(kind).computeIfPresent(tenant, (t, counted) -> counted.isEmpty() ? null : counted);
  }
}
