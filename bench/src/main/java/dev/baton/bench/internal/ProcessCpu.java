package dev.baton.bench.internal;

import java.time.Duration;
import java.util.List;

/**
 * The CPU time of a group of processes (such as the Python workers of a gateway) over a window, in
 * cores: CPU seconds of all of them per second of the window. An empty group measures nothing (NaN,
 * shown as {@code -}).
 */
final class ProcessCpu {

  private final List<ProcessHandle> processes;
  private long cpuStartNanos;
  private long wallStartNanos;

  /** Measures {@code processes} together. */
  ProcessCpu(List<ProcessHandle> processes) {
    this.processes = List.copyOf(processes);
  }

  /** Starts a window. */
  void begin() {
    cpuStartNanos = cpuNanos();
    wallStartNanos = System.nanoTime();
  }

  /** The cores the group used since {@link #begin()}; NaN if the group is empty. */
  double endCores() {
    if (processes.isEmpty()) {
      return Double.NaN;
    }
    long wall = System.nanoTime() - wallStartNanos;
    return (cpuNanos() - cpuStartNanos) / (double) Math.max(1, wall);
  }

  private long cpuNanos() {
    long total = 0;
    for (ProcessHandle process : processes) {
      total += process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }
    return total;
  }
}
