package dev.baton.bench.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * More warm-up after the fixed one, until the JIT compilers have nearly nothing left to do: rounds
 * of a small load, each timed against the CPU the compiler threads of the coordinator process and
 * of the benchmark's JVM (the broker, the workers) used meanwhile, until a round's compilers used
 * at most {@link #QUIET_CORES}, or {@link #LIMIT} has passed. Without it a short warm-up leaves the
 * compilers busy through the measured window: in a quick run on 2 cores they took 20 ms of CPU per
 * sequential turn, more than the coordinator's own work.
 */
final class CompilerSettling {

  /** The compilers' CPU over a round, both JVMs together, at which the warm-up ends. */
  static final double QUIET_CORES = 0.05;

  /** The longest the rounds go on. */
  static final Duration LIMIT = Duration.ofSeconds(90);

  /** One round of load. */
  interface Round {
    /** Runs round {@code index}. */
    void run(int index) throws InterruptedException;
  }

  /**
   * What the rounds did.
   *
   * @param rounds rounds run
   * @param seconds how long they took
   * @param lastCores the compilers' CPU in the last round, in cores
   */
  record Outcome(int rounds, double seconds, double lastCores) {

    /** One line for the benchmark's output. */
    String describe() {
      return String.format(
          Locale.ROOT,
          "compilers settled after %d more warm-up rounds (%.1f s): %.3f cores in the last",
          rounds,
          seconds,
          lastCores);
    }
  }

  /** No thread's name holds it, so no name is rewritten. */
  private static final String NO_APP = "\u0000";

  private CompilerSettling() {}

  /** Runs rounds until the compilers of {@code coordinatorPid} and of this JVM are quiet. */
  static Outcome settle(long coordinatorPid, Round round) throws IOException, InterruptedException {
    long start = System.nanoTime();
    long self = ProcessHandle.current().pid();
    int rounds = 0;
    double cores;
    do {
      double before = compilerMillis(coordinatorPid) + compilerMillis(self);
      long roundStart = System.nanoTime();
      round.run(rounds++);
      double used = compilerMillis(coordinatorPid) + compilerMillis(self) - before;
      cores = used / ((System.nanoTime() - roundStart) / 1e6);
    } while (cores > QUIET_CORES && System.nanoTime() - start < LIMIT.toNanos());
    return new Outcome(rounds, (System.nanoTime() - start) / 1e9, cores);
  }

  /** The CPU milliseconds of the compiler threads of the JVM {@code pid} so far. */
  static double compilerMillis(long pid) throws IOException, InterruptedException {
    return compilerMillis(ThreadTimes.of(pid, NO_APP));
  }

  /** The CPU milliseconds of the compiler threads among {@code times}. */
  static double compilerMillis(ThreadTimes times) {
    double millis = 0;
    for (Map.Entry<String, Double> group : times.millis().entrySet()) {
      if (group.getKey().contains("CompilerThread")) {
        millis += group.getValue();
      }
    }
    return millis;
  }
}
