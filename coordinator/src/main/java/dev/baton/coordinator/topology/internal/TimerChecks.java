package dev.baton.coordinator.topology.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * Runs a task's timer check only when one of its timers may be due, and then at an instant of one
 * wall-clock grid that every task shares: the multiples of the timer interval since the epoch. A
 * timer due at {@code t} is checked at the first grid instant after {@code t}, so at most one
 * interval late, and a check that leaves a timer due (its input not yet known to be processed that
 * far, or more due than one check takes) checks again at the next grid instant.
 *
 * <p>Kafka Streams marks a task as needing a commit after every wall-clock punctuation it runs, so
 * a check every interval on every task would make each idle thread commit once per task and
 * interval (under exactly-once, a transaction each). A task whose timers are far off now runs no
 * check, and the checks of a thread's tasks fall in the same commit.
 *
 * <p>Runs on the stream thread only, like the processor that owns it.
 */
final class TimerChecks {

  /**
   * A task's timer check: acts on the timers due at wall-clock time {@code wallClockMillis}, and
   * returns when the earliest timer still set is due, empty if none is set.
   */
  @FunctionalInterface
  interface Check {
    Optional<Instant> run(long wallClockMillis);
  }

  /** {@link #scheduledAt} when no check is scheduled. */
  private static final long NONE = Long.MAX_VALUE;

  /**
   * {@link #scheduledAt} while the first check is pending: before every grid instant, so that a
   * timer set before it runs leaves it in place.
   */
  private static final long FIRST_CHECK = Long.MIN_VALUE;

  private final ProcessorContext<?, ?> context;
  private final long intervalMillis;
  private final Check check;
  private Cancellable scheduled;
  private long scheduledAt = NONE;

  /** Runs {@code check} for {@code context}'s task on the grid of {@code interval}. */
  TimerChecks(ProcessorContext<?, ?> context, Duration interval, Check check) {
    this.context = Objects.requireNonNull(context, "context");
    this.intervalMillis = interval.toMillis();
    if (intervalMillis < 1) {
      throw new IllegalArgumentException("the timer interval must be at least 1 ms: " + interval);
    }
    this.check = Objects.requireNonNull(check, "check");
  }

  /**
   * Runs the first check a millisecond from now, for the timers of the task's restored sessions.
   * Called once, when the task starts.
   */
  void start() {
    scheduled = context.schedule(Duration.ofMillis(1), PunctuationType.WALL_CLOCK_TIME, this::run);
    scheduledAt = FIRST_CHECK;
  }

  /** Makes sure a check runs at the first grid instant after {@code due} and after now. */
  void dueAt(Instant due) {
    checkAfter(due.toEpochMilli(), context.currentSystemTimeMs());
  }

  private void run(long wallClockMillis) {
    cancel();
    check.run(wallClockMillis).ifPresent(due -> checkAfter(due.toEpochMilli(), wallClockMillis));
  }

  private void checkAfter(long dueMillis, long nowMillis) {
    long at = (Math.max(dueMillis, nowMillis) / intervalMillis + 1) * intervalMillis;
    if (at >= scheduledAt) {
      return;
    }
    cancel();
    scheduled =
        context.schedule(
            Duration.ofMillis(Math.max(1, at - nowMillis)),
            PunctuationType.WALL_CLOCK_TIME,
            this::run);
    scheduledAt = at;
  }

  private void cancel() {
    if (scheduled != null) {
      scheduled.cancel();
      scheduled = null;
    }
    scheduledAt = NONE;
  }
}
