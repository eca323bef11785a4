package dev.baton.bench.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples a process's resident memory ({@code VmRSS} in {@code /proc/<pid>/status}) every 200 ms
 * and its CPU time, between {@link #begin()} and {@link #end()}, and the CPU time of every process
 * of the benchmark over the same window ({@link StackCpu}). Linux only; elsewhere the memory
 * figures are -1.
 */
public final class ProcessStats implements AutoCloseable {

  /**
   * What was measured over one window.
   *
   * @param cpuCores the process's CPU seconds per second of the window
   * @param peakRssMb its largest resident memory
   * @param endRssMb its resident memory at the end
   * @param allCpuMillis the CPU time of every process of the benchmark ({@link StackCpu})
   */
  public record Window(double cpuCores, long peakRssMb, long endRssMb, double allCpuMillis) {}

  private final ProcessHandle process;
  private final ScheduledExecutorService sampler =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("bench-rss").unstarted(r));
  private volatile long peakRssKb = -1;
  private final StackCpu stack = new StackCpu();
  private long cpuStartNanos;
  private long wallStartNanos;

  /** Samples {@code process}. */
  public ProcessStats(ProcessHandle process) {
    this.process = process;
    sampler.scheduleAtFixedRate(this::sample, 0, 200, TimeUnit.MILLISECONDS);
  }

  /** Starts a window: resets the peak and notes the CPU time so far. */
  public void begin() {
    peakRssKb = rssKb(process.pid());
    cpuStartNanos = cpuNanos();
    stack.begin();
    wallStartNanos = System.nanoTime();
  }

  /** Ends the window begun last. */
  public Window end() {
    long wall = System.nanoTime() - wallStartNanos;
    double cores = (cpuNanos() - cpuStartNanos) / (double) Math.max(1, wall);
    long now = rssKb(process.pid());
    return new Window(cores, Math.max(peakRssKb, now) / 1024, now / 1024, stack.endMillis());
  }

  private void sample() {
    long rss = rssKb(process.pid());
    if (rss > peakRssKb) {
      peakRssKb = rss;
    }
  }

  private long cpuNanos() {
    return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }

  /** The resident memory of {@code pid} in KiB, or -1 if unknown. */
  public static long rssKb(long pid) {
    return statusField(pid, "VmRSS:");
  }

  /** The threads of {@code pid} (platform threads: the kernel's), or -1 if unknown. */
  public static long threads(long pid) {
    return statusField(pid, "Threads:");
  }

  /** The soft limit of open files of {@code pid} ({@code /proc/<pid>/limits}), or -1 if unknown. */
  public static long openFilesLimit(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "limits"))) {
        if (line.startsWith("Max open files")) {
          String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
          return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  /** The number in the line of {@code /proc/<pid>/status} that starts with {@code field}. */
  private static long statusField(long pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  @Override
  public void close() {
    sampler.shutdownNow();
  }
}
