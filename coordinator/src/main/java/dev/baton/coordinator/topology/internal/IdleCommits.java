package dev.baton.coordinator.topology.internal;

import java.time.Duration;
import java.util.Objects;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * Asks Kafka Streams for a commit once a task's input has gone quiet after it processed records: a
 * wall-clock check every {@code quiet} requests one when records were processed since the last
 * request but none since the previous check. A task whose input keeps coming never asks, and its
 * thread commits at {@code commit.interval.ms} as usual; a lone turn's outputs are committed (under
 * exactly-once: made visible) one to two checks after its last record.
 *
 * <p>Runs on the stream thread only, like the processor that owns it.
 */
final class IdleCommits {

  private final ProcessorContext<?, ?> context;
  private boolean uncommitted;
  private boolean processedSinceCheck;

  private IdleCommits(ProcessorContext<?, ?> context) {
    this.context = context;
  }

  /** Starts checking {@code context}'s task every {@code quiet} of wall-clock time. */
  static IdleCommits schedule(ProcessorContext<?, ?> context, Duration quiet) {
    Objects.requireNonNull(quiet, "quiet");
    IdleCommits commits = new IdleCommits(Objects.requireNonNull(context, "context"));
    context.schedule(quiet, PunctuationType.WALL_CLOCK_TIME, commits::check);
    return commits;
  }

  /** Notes that the task processed input (or wrote output from a punctuation). */
  void processed() {
    uncommitted = true;
    processedSinceCheck = true;
  }

  /** The wall-clock check: requests a commit if the input went quiet with work uncommitted. */
  void check(long wallClockMillis) {
    if (uncommitted && !processedSinceCheck) {
      context.commit();
      uncommitted = false;
    }
    processedSinceCheck = false;
  }
}
