package dev.baton.bench.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.function.Predicate;

/**
 * The CPU time of some threads of this JVM, chosen by name, over a window: the share of the
 * benchmark's JVM that one component (such as the HTTP client) costs, apart from the embedded
 * broker and the workers that run in the same JVM. A thread that ends inside the window takes its
 * CPU time with it, so it measures long-lived threads (a client's selector and executor).
 */
public final class ThreadCpu {

  private final Predicate<String> threadName;
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private long cpuStartNanos;
  private long wallStartNanos;

  /** Measures the threads whose name {@code threadName} accepts. */
  public ThreadCpu(Predicate<String> threadName) {
    this.threadName = threadName;
  }

  /** Starts a window. */
  public void begin() {
    cpuStartNanos = cpuNanos();
    wallStartNanos = System.nanoTime();
  }

  /** CPU seconds of the threads per second of the window begun last: cores used. */
  public double endCores() {
    long wall = System.nanoTime() - wallStartNanos;
    return (cpuNanos() - cpuStartNanos) / (double) Math.max(1, wall);
  }

  private long cpuNanos() {
    long total = 0;
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && threadName.test(info.getThreadName())) {
        total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
      }
    }
    return total;
  }
}
