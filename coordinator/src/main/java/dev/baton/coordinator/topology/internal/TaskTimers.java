package dev.baton.coordinator.topology.internal;

import dev.baton.coordinator.topology.StoredSession;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task's timers: the timers store, ordered by due instant, and the {@link TimerChecks} that every
 * timer set here is checked by.
 *
 * <p>The timers store is an index of the instant each stored session already holds ({@link
 * StoredSession#timer()}), so it has no changelog: at its first use after the task starts, it is
 * emptied and filled again from the sessions store, which the changelogs restored; from then on
 * each decision moves the entry its session's value moves. A crash, a restart or a move to another
 * instance thus never leaves an entry missing, and the turns write no record for it. The fill waits
 * for the first use rather than the processor's {@code init}: Kafka Streams calls {@code init} once
 * the changelogs restored the stores, but the topology tests' restarts ({@code
 * TimerStoreTopologyTest}) fill a new task's stores after it, as a restore would before.
 *
 * <p>Runs on the stream thread only, like the processor that owns it.
 */
final class TaskTimers {

  private static final Logger log = LoggerFactory.getLogger(TaskTimers.class);

  /** How many entries the index writes at once while it is filled or emptied. */
  private static final int BATCH = 1000;

  private final KeyValueStore<String, String> store;
  private final KeyValueStore<String, StoredSession> sessions;
  private final TimerChecks checks;
  private final TaskId task;
  private boolean indexed;

  /**
   * The timers of {@code store}, an index of the timers that {@code sessions} hold, checked by
   * {@code checks}, of the task {@code task}.
   */
  TaskTimers(
      KeyValueStore<String, String> store,
      KeyValueStore<String, StoredSession> sessions,
      TimerChecks checks,
      TaskId task) {
    this.store = Objects.requireNonNull(store, "store");
    this.sessions = Objects.requireNonNull(sessions, "sessions");
    this.checks = Objects.requireNonNull(checks, "checks");
    this.task = Objects.requireNonNull(task, "task");
  }

  /** Moves {@code sessionId}'s timer from the instant {@code from} to {@code to}. */
  void move(String sessionId, Optional<Instant> from, Optional<Instant> to) {
    index();
    from.ifPresent(due -> store.delete(TimerKeys.of(due, sessionId)));
    to.ifPresent(
        due -> {
          store.put(TimerKeys.of(due, sessionId), sessionId);
          checks.dueAt(due);
        });
  }

  /** The keys of the timers due before {@code now}, earliest first, at most {@code limit}. */
  List<String> dueBefore(Instant now, int limit) {
    index();
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
    index();
    try (KeyValueIterator<String, String> entries = store.all()) {
      return entries.hasNext() ? Optional.of(TimerKeys.due(entries.next().key)) : Optional.empty();
    }
  }

  /** Empties the store and puts every stored session's timer, once per task start. */
  private void index() {
    if (indexed) {
      return;
    }
    indexed = true;
    long started = System.nanoTime();
    int removed = clear();
    Filled filled = putStoredTimers();
    log.info(
        "Indexed the timers of task {}: {} sessions, {} timers, {} old entries removed, in {} ms",
        task,
        filled.sessions(),
        filled.timers(),
        removed,
        (System.nanoTime() - started) / 1_000_000);
  }

  private record Filled(int sessions, int timers) {}

  private Filled putStoredTimers() {
    int sessionCount = 0;
    int timerCount = 0;
    List<KeyValue<String, String>> batch = new ArrayList<>(BATCH);
    try (KeyValueIterator<String, StoredSession> all = sessions.all()) {
      while (all.hasNext()) {
        KeyValue<String, StoredSession> entry = all.next();
        sessionCount++;
        Optional<Instant> due = entry.value.timer();
        if (due.isPresent()) {
          batch.add(KeyValue.pair(TimerKeys.of(due.get(), entry.key), entry.key));
          timerCount++;
          flushIfFull(batch);
        }
      }
    }
    store.putAll(batch);
    return new Filled(sessionCount, timerCount);
  }

  private int clear() {
    int removed = 0;
    List<KeyValue<String, String>> batch = new ArrayList<>(BATCH);
    try (KeyValueIterator<String, String> entries = store.all()) {
      while (entries.hasNext()) {
        batch.add(KeyValue.pair(entries.next().key, null));
        removed++;
        flushIfFull(batch);
      }
    }
    store.putAll(batch);
    return removed;
  }

  /** Writes {@code batch} in one write (a null value deletes) once it holds {@link #BATCH}. */
  private void flushIfFull(List<KeyValue<String, String>> batch) {
    if (batch.size() == BATCH) {
      store.putAll(batch);
      batch.clear();
    }
  }
}
