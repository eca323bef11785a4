package dev.baton.coordinator.topology.internal;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
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
 * <p>Work that a worker waits for (a step assigned, a signal) is committed sooner: a worker reads
 * it only once committed, and the session waits for the worker. Once the task wrote such a record,
 * a check also asks when a poll of its thread that waited at least a check came back empty since
 * the task's last record (a quiet poll, {@link PollPacing}), so about one check after the record.
 * Other work keeps the whole check without records: through the HTTP API the caller has its answer
 * from the decision, and its next request often arrives a check or so later, so an earlier commit
 * would only hold that request up.
 *
 * <p>A check that finds the thread has committed since the task's last record stops without asking:
 * that commit took the task's work (a thread's commit takes every task that processed records), and
 * asking would make a transaction of input offsets alone.
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

  /**
   * For how many checks after a record the thread's polls stay as brief as a check ({@link
   * PollPacing}): the check that asks for the commit is the first after a quiet poll, or the second
   * or third after the last record.
   */
  static final int BRIEF_POLL_CHECKS = 5;

  private final ProcessorContext<?, ?> context;
  private final Duration quiet;
  private final LongSupplier threadCommits;
  private final LongSupplier quietPolls;
  private Cancellable checks;
  private boolean processedSinceCheck;
  private boolean workersWait;
  private long threadCommitsAtLastRecord;
  private long quietPollsAtLastRecord;

  /**
   * Checks {@code context}'s task every {@code quiet} of wall-clock time while it has work; {@code
   * threadCommits} counts the commits of the task's thread ({@link ThreadCommits}), {@code
   * quietPolls} its quiet polls ({@link PollPacing#quietPolls}).
   */
  IdleCommits(
      ProcessorContext<?, ?> context,
      Duration quiet,
      LongSupplier threadCommits,
      LongSupplier quietPolls) {
    this.context = Objects.requireNonNull(context, "context");
    this.quiet = Objects.requireNonNull(quiet, "quiet");
    this.threadCommits = Objects.requireNonNull(threadCommits, "threadCommits");
    this.quietPolls = Objects.requireNonNull(quietPolls, "quietPolls");
  }

  /** Whether {@code effects} write a record a worker waits for: a step to run, a turn signal. */
  static boolean workersWaitFor(List<Effect> effects) {
    return effects.stream()
        .anyMatch(
            effect ->
                effect instanceof Effect.Assign
                    || effect instanceof Effect.Dispatch
                    || effect instanceof Effect.Signal);
  }

  /**
   * Notes that the task processed input (or wrote output from a punctuation), and starts the checks
   * if they are not running. The first check after a record never asks unless a worker waits and a
   * quiet poll came since, so the input must have been quiet for a whole check interval, as it must
   * while the checks run.
   *
   * @param forWorkers whether the work includes a record a worker waits for ({@link
   *     #workersWaitFor})
   */
  void processed(boolean forWorkers) {
    PollPacing.briefFor(quiet.multipliedBy(BRIEF_POLL_CHECKS));
    if (checks == null) {
      checks = context.schedule(quiet, PunctuationType.WALL_CLOCK_TIME, this::check);
    }
    processedSinceCheck = true;
    workersWait |= forWorkers;
    threadCommitsAtLastRecord = threadCommits.getAsLong();
    quietPollsAtLastRecord = quietPolls.getAsLong();
  }

  /**
   * The wall-clock check: stops checking if the thread committed since the last record, and
   * otherwise requests a commit and stops if the input went quiet: no record since the previous
   * check, or, for work a worker waits for, a quiet poll since the last one.
   */
  void check(long wallClockMillis) {
    if (checks == null) {
      return;
    }
    if (threadCommits.getAsLong() != threadCommitsAtLastRecord) {
      stop();
    } else if (!processedSinceCheck || quietPollSinceLastRecordForWorkers()) {
      context.commit();
      stop();
    }
    processedSinceCheck = false;
  }

  private boolean quietPollSinceLastRecordForWorkers() {
    return workersWait && quietPolls.getAsLong() != quietPollsAtLastRecord;
  }

  private void stop() {
    checks.cancel();
    checks = null;
    workersWait = false;
  }
}
