package dev.baton.coordinator.topology.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A task's timers: the timers store, ordered by due instant, and the {@link TimerChecks} that every
 * timer set here is checked by.
 *
 * <p>Runs on the stream thread only, like the processor that owns it.
 */
final class TaskTimers {

  private final KeyValueStore<String, String> store;
  private final TimerChecks checks;

  /** The timers of {@code store}, checked by {@code checks}. */
  TaskTimers(KeyValueStore<String, String> store, TimerChecks checks) {
    this.store = Objects.requireNonNull(store, "store");
    this.checks = Objects.requireNonNull(checks, "checks");
  }

  /** Moves {@code sessionId}'s timer from the instant {@code from} to {@code to}. */
  void move(String sessionId, Optional<Instant> from, Optional<Instant> to) {
    from.ifPresent(due -> store.delete(TimerKeys.of(due, sessionId)));
    to.ifPresent(
        due -> {
          store.put(TimerKeys.of(due, sessionId), sessionId);
          checks.dueAt(due);
        });
  }

  /** The keys of the timers due before {@code now}, earliest first, at most {@code limit}. */
  List<String> dueBefore(Instant now, int limit) {
    List<String> due = new ArrayList<>();
    try (KeyValueIterator<String, String> entries =
        store.range(TimerKeys.first(), TimerKeys.before(now))) {
      while (entries.hasNext() && due.size() < limit) {
        due.add(entries.next().key);
      }
    }
    return due;
  }

  /** When the earliest timer is due; empty if no timer is set. */
  Optional<Instant> earliest() {
    try (KeyValueIterator<String, String> entries = store.all()) {
      return entries.hasNext() ? Optional.of(TimerKeys.due(entries.next().key)) : Optional.empty();
    }
  }
}
