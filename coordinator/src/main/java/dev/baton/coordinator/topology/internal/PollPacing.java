package dev.baton.coordinator.topology.internal;

import java.time.Duration;

/**
 * How long a stream thread's main consumer waits in a poll. Kafka Streams runs punctuations and
 * commits only between polls, so Baton sets {@code poll.ms} to the idle-commit check (1 ms by
 * default) for a quiet task's check to run on time ({@link IdleCommits}); polled that often, an
 * idle thread would loop a thousand times a second. So a poll that long stays that long only while
 * the thread is busy ({@link #briefFor}): for a commit interval after a poll returned records
 * (Kafka Streams may wait for the next poll before it processes them), and while one of its tasks
 * may still ask for an idle commit (from each record it processes until a few checks later).
 * Otherwise the poll waits up to the commit interval: arriving records end it at once, and nothing
 * of Baton's is due sooner (timer checks run on a grid of {@code TopologyOptions#timerInterval()},
 * 500 ms by default).
 *
 * <p>It also counts the thread's quiet polls ({@link #quietPoll}): brief or longer polls that came
 * back empty. A task that sees one since its last record knows its input was quiet for a whole
 * check, and asks at once for the idle commit of work a worker waits for ({@link IdleCommits}).
 *
 * <p>Per thread: the tasks that call {@link #briefFor} and {@link #quietPolls} and the consumer
 * that asks {@link #pollTime} and calls {@link #quietPoll} run on the same stream thread.
 */
final class PollPacing {

  /** Per stream thread: the {@link System#nanoTime()} until which polls stay brief. */
  private static final ThreadLocal<long[]> BRIEF_UNTIL =
      ThreadLocal.withInitial(() -> new long[] {System.nanoTime()});

  /** Per stream thread: how many of its polls waited at least a check and came back empty. */
  private static final ThreadLocal<long[]> QUIET_POLLS = ThreadLocal.withInitial(() -> new long[1]);

  private PollPacing() {}

  /** Counts a poll of this thread that waited at least the idle-commit check and got no records. */
  static void quietPoll() {
    QUIET_POLLS.get()[0]++;
  }

  /**
   * How many quiet polls this thread has had; a task compares it with its count at its last record.
   */
  static long quietPolls() {
    return QUIET_POLLS.get()[0];
  }

  /** Keeps this thread's polls brief for {@code window} from now, or longer if already so. */
  static void briefFor(Duration window) {
    long until = System.nanoTime() + window.toNanos();
    long[] briefUntil = BRIEF_UNTIL.get();
    if (until - briefUntil[0] > 0) {
      briefUntil[0] = until;
    }
  }

  /**
   * How long this thread's poll of {@code requested} waits: {@code idle} instead of a {@code brief}
   * one that no task needs now; any other length (a poll of zero while tasks restore) as asked.
   */
  static Duration pollTime(Duration requested, Duration brief, Duration idle) {
    if (!requested.equals(brief) || BRIEF_UNTIL.get()[0] - System.nanoTime() > 0) {
      return requested;
    }
    return idle;
  }
}
