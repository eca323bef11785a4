package dev.baton.coordinator.topology.internal;

import dev.baton.coordinator.topology.InputProgress;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * The time a task's timers may act at: the broker time up to which its input is known to be
 * processed, so that no timer races a record the input backlog still holds. For each input
 * partition that is the later of the timestamp of the last record processed from it (records are
 * stamped with the broker's append time, so every record after it is stamped no earlier) and, if
 * every record below an {@link InputProgress.Mark}'s end offset is processed, the time the mark was
 * read. The task's time is the earliest of its partitions', at most the wall clock, and it never
 * goes back.
 *
 * <p>Runs on the stream thread only, like the processor that owns it.
 */
final class TimerClock {

  private final InputProgress progress;
  private final List<TopicPartition> inputs;
  private final Map<TopicPartition, Processed> processed = new HashMap<>();
  private Instant latest = Instant.EPOCH;

  /** The clock of a task whose input partitions are {@code inputs}. */
  TimerClock(InputProgress progress, List<TopicPartition> inputs) {
    this.progress = Objects.requireNonNull(progress, "progress");
    this.inputs = List.copyOf(inputs);
  }

  /** Notes that the task processed {@code input}. */
  void processed(InputRecord input) {
    processed.put(
        new TopicPartition(input.topic(), input.partition()),
        new Processed(input.offset(), input.timestamp()));
  }

  /**
   * The time timers may act at, given the wall clock {@code wallClock}; empty while nothing is
   * known to be processed yet.
   */
  Optional<Instant> now(Instant wallClock) {
    if (!progress.tracked()) {
      return Optional.of(wallClock);
    }
    Instant earliest = wallClock;
    for (TopicPartition input : inputs) {
      Optional<Instant> safe = safe(input);
      if (safe.isEmpty()) {
        return known();
      }
      if (safe.get().isBefore(earliest)) {
        earliest = safe.get();
      }
    }
    if (earliest.isAfter(latest)) {
      latest = earliest;
    }
    return known();
  }

  private Optional<Instant> known() {
    return latest.equals(Instant.EPOCH) ? Optional.empty() : Optional.of(latest);
  }

  private Optional<Instant> safe(TopicPartition input) {
    Processed last = processed.get(input);
    Optional<InputProgress.Mark> mark = progress.mark(input);
    Instant byRecord = last == null ? null : last.timestamp();
    Instant byMark = null;
    if (mark.isPresent()) {
      long next = Math.max(last == null ? 0 : last.offset() + 1, mark.get().committedOffset());
      if (next >= mark.get().endOffset()) {
        byMark = mark.get().readAt();
      }
    }
    if (byRecord == null) {
      return Optional.ofNullable(byMark);
    }
    return Optional.of(byMark == null || byRecord.isAfter(byMark) ? byRecord : byMark);
  }

  private record Processed(long offset, Instant timestamp) {}
}
