package dev.baton.coordinator.topology.internal;

import java.time.Duration;
import java.util.Objects;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * Asks Kafka Streams for a commit once a task's input has gone quiet after it processed records: a
 * wall-clock check every {@code quiet}, scheduled when the task processes a record with nothing
 * uncommitted and cancelled once it requests the commit, asks for one when records were processed
 * but none since the previous check. A task whose input keeps coming never asks, and its thread
 * commits at {@code commit.interval.ms} as usual; a lone turn's outputs are committed (under
 * exactly-once: made visible) one to two checks after its last record.
 *
 * <p>A task checks only while it has uncommitted work, because Kafka Streams marks a task as
 * needing a commit after every wall-clock punctuation it runs: a check that ran on every task all
 * the time would make each commit, periodic or requested, commit every task of the thread, and each
 * idle thread commit at every interval (under exactly-once, a transaction with all its input
 * offsets).
 *
 * <p>Runs on the stream thread only, like the processor that owns it.
 */
final class IdleCommits {

  private final ProcessorContext<?, ?> context;
  private final Duration quiet;
  private Cancellable checks;
  private boolean processedSinceCheck;

  /** Checks {@code context}'s task every {@code quiet} of wall-clock time while it has work. */
  IdleCommits(ProcessorContext<?, ?> context, Duration quiet) {
    this.context = Objects.requireNonNull(context, "context");
    this.quiet = Objects.requireNonNull(quiet, "quiet");
  }

  /**
   * Notes that the task processed input (or wrote output from a punctuation), and starts the checks
   * if they are not running. The first check after a record never asks, so the input must have been
   * quiet for a whole check interval, as it must while the checks run.
   */
  void processed() {
    if (checks == null) {
      checks = context.schedule(quiet, PunctuationType.WALL_CLOCK_TIME, this::check);
    }
    processedSinceCheck = true;
  }

  /**
   * The wall-clock check: requests a commit and stops checking if the input went quiet with work
   * uncommitted.
   */
  void check(long wallClockMillis) {
    if (checks != null && !processedSinceCheck) {
      context.commit();
      checks.cancel();
      checks = null;
    }
    processedSinceCheck = false;
  }
}
