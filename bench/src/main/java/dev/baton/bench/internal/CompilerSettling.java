package dev.baton.bench.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * More warm-up after the fixed one, until the JIT compilers have nearly nothing left to do: rounds
 * of a small load, each timed against the CPU the compiler threads of the coordinator processes and
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
          "compilers %s after %d more warm-up rounds (%.1f s): %.3f cores in the last",
          lastCores <= QUIET_CORES ? "settled" : "still busy at the limit",
          rounds,
          seconds,
          lastCores);
    }
  }

  private CompilerSettling() {}

  /** Runs rounds until the compilers of {@code coordinatorPid} and of this JVM are quiet. */
  static Outcome settle(long coordinatorPid, Round round) throws IOException, InterruptedException {
    return settle(List.of(coordinatorPid), round);
  }

  /** Runs rounds until the compilers of the coordinators {@code pids} and of this JVM are quiet. */
  static Outcome settle(List<Long> pids, Round round) throws IOException, InterruptedException {
    long start = System.nanoTime();
    List<Long> watched = new ArrayList<>(pids);
    watched.add(ProcessHandle.current().pid());
    int rounds = 0;
    double cores;
    do {
      double before = compilerMillis(watched);
      long roundStart = System.nanoTime();
      round.run(rounds++);
      double used = compilerMillis(watched) - before;
      cores = used / ((System.nanoTime() - roundStart) / 1e6);
    } while (cores > QUIET_CORES && System.nanoTime() - start < LIMIT.toNanos());
    return new Outcome(rounds, (System.nanoTime() - start) / 1e9, cores);
  }

  private static double compilerMillis(List<Long> pids) throws IOException {
    double millis = 0;
    for (long pid : pids) {
      millis += compilerMillis(pid);
    }
    return millis;
  }

  /**
   * The CPU milliseconds of the compiler threads of the JVM {@code pid} so far; 0 without /proc.
   */
  static double compilerMillis(long pid) throws IOException {
    return ProcThread.of(pid).stream()
        .filter(ProcThread::isCompiler)
        .mapToDouble(ProcThread::millis)
        .sum();
  }

  /** The CPU milliseconds in one thread's {@code stat} line if it is a compiler thread, else 0. */
  static double compilerMillis(String stat) {
    return ProcThread.parse(stat)
        .filter(ProcThread::isCompiler)
        .map(ProcThread::millis)
        .orElse(0.0);
  }
}
