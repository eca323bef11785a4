package dev.baton.bench.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The CPU time of every process of a benchmark between {@link #begin()} and {@link #end()}: this
 * JVM (the broker, the workers and the driver) and every process it started (the coordinators,
 * Redis, the registry). A process that started within the window counts from its start; one that
 * ended within it counts for nothing, since its CPU time cannot be read any more.
 */
final class StackCpu {

  private Map<Long, Long> atBegin = Map.of();

  /** Notes each process's CPU time so far. */
  void begin() {
    atBegin = cpuNanosByPid();
  }

  /** The CPU time used since {@link #begin()}, in milliseconds. */
  double endMillis() {
    long nanos = 0;
    for (Map.Entry<Long, Long> now : cpuNanosByPid().entrySet()) {
      nanos += now.getValue() - atBegin.getOrDefault(now.getKey(), 0L);
    }
    return nanos / 1e6;
  }

  private static Map<Long, Long> cpuNanosByPid() {
    Map<Long, Long> byPid = new HashMap<>();
    Stream.concat(Stream.of(ProcessHandle.current()), ProcessHandle.current().descendants())
        .forEach(
            process ->
                process
                    .info()
                    .totalCpuDuration()
                    .map(Duration::toNanos)
                    .ifPresent(nanos -> byPid.put(process.pid(), nanos)));
    return byPid;
  }
}
