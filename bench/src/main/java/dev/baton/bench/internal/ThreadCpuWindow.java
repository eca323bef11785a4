package dev.baton.bench.internal;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * Where a window's CPU went, by thread: the thread groups of the coordinator process ({@code jcmd
 * Thread.print}) and of the benchmark's JVM (its ThreadMXBean: the broker, the workers, the load's
 * clients; {@code /proc}: its compilers and collectors) that used the most between {@link #begin}
 * and {@link #table}.
 */
final class ThreadCpuWindow {

  /** The thread groups shown of each JVM. */
  static final int TOP_THREADS = 10;

  private final long pid;
  private final String app;
  private final ThreadTimes coordinatorStart;
  private final ThreadTimes benchStart;
  private final long startNanos;

  private ThreadCpuWindow(long pid, String app) throws IOException, InterruptedException {
    this.pid = pid;
    this.app = app;
    this.coordinatorStart = ThreadTimes.of(pid, app);
    this.benchStart = ThreadTimes.ofThisJvm(app);
    this.startNanos = System.nanoTime();
  }

  /** Begins a window over the coordinator {@code deployment} runs and this JVM. */
  static ThreadCpuWindow begin(Deployment deployment) throws IOException, InterruptedException {
    return new ThreadCpuWindow(deployment.coordinator().pid(), deployment.layout().applicationId());
  }

  /**
   * Ends the window: a table whose id is {@code id} (its rows differ from run to run, so give it
   * the run's id: it has no median), with each group's CPU seconds, cores, and CPU milliseconds per
   * one of {@code units} {@code unitName}s.
   */
  Table table(String id, String title, long units, String unitName)
      throws IOException, InterruptedException {
    List<ThreadTimes.Group> coordinator =
        ThreadTimes.of(pid, app).top(coordinatorStart, TOP_THREADS);
    List<ThreadTimes.Group> bench = ThreadTimes.ofThisJvm(app).top(benchStart, TOP_THREADS);
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    Table table = new Table(id, title, "threads", "CPU s", "cores", "CPU ms per " + unitName);
    coordinator.forEach(group -> row(table, "coordinator: ", group, seconds, units));
    bench.forEach(group -> row(table, "benchmark JVM: ", group, seconds, units));
    return table.note(
        "The "
            + TOP_THREADS
            + " thread groups of each JVM (a thread's name with its numbers as N) that used the"
            + " most CPU in the window ("
            + String.format(Locale.ROOT, "%.1f", seconds)
            + " s, "
            + units
            + " "
            + unitName
            + "s): the coordinator's from jcmd Thread.print, the benchmark JVM's (the broker, the"
            + " workers, the load's clients) from its ThreadMXBean, and its compilers' and"
            + " collectors' from /proc; <app> is the deployment's"
            + " application id. Virtual threads (the coordinator's HTTP handlers, the worker's"
            + " agent steps) run on ForkJoinPool-N-worker-N.");
  }

  private static void row(
      Table table, String jvm, ThreadTimes.Group group, double seconds, long units) {
    double cpuSeconds = group.millis() / 1000;
    table.row(
        jvm + group.name(),
        cpuSeconds,
        cpuSeconds / seconds,
        units == 0 ? Double.NaN : group.millis() / units);
  }
}
