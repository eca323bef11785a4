package dev.baton.coordinator.limits.internal;

import dev.baton.coordinator.limits.StreamSlot;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/** The streams each tenant holds open on this instance; a tenant with none has no entry. */
public final class OpenStreams {

  private final Map<String, Integer> open = new ConcurrentHashMap<>();

  /** A slot for one more stream of {@code tenant}, or empty if it holds {@code max} already. */
  public Optional<StreamSlot> tryOpen(String tenant, int max) {
    boolean[] opened = {false};
    open.compute(
        tenant,
        (t, count) -> {
          int now = count == null ? 0 : count;
          if (now >= max) {
            return count;
          }
          opened[0] = true;
          return now + 1;
        });
    return opened[0] ? Optional.of(slot(tenant)) : Optional.empty();
  }

  /** How many streams {@code tenant} holds open here. */
  public int count(String tenant) {
    return open.getOrDefault(tenant, 0);
  }

  private StreamSlot slot(String tenant) {
    AtomicBoolean closed = new AtomicBoolean();
    return () -> {
      if (closed.compareAndSet(false, true)) {
        open.computeIfPresent(tenant, (t, count) -> count <= 1 ? null : count - 1);
      }
    };
  }
}
