package dev.baton.bench.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the coordinator's time goes, from a flight recording ({@code settings=profile}): the CPU
 * samples ({@code jdk.ExecutionSample}) taken inside a time window, counted by thread, by the
 * method on top of the stack (self time), and by the Baton methods anywhere on the stack
 * (inclusive), plus the GC pauses of the window.
 */
public final class JfrProfile {

  private static final int TOP = 15;

  private final Map<String, Integer> byThread = new HashMap<>();
  private final Map<String, Integer> bySelf = new HashMap<>();
  private final Map<String, Integer> byBatonInclusive = new HashMap<>();
  private int samples;
  private Duration gcPauses = Duration.ZERO;
  private int gcCount;
  private double machineLoadSum;
  private double jvmLoadSum;
  private int loadEvents;

  private JfrProfile() {}

  /** Reads {@code recording}, keeping the events that started within {@code [from, to]}. */
  public static JfrProfile read(Path recording, Instant from, Instant to) throws IOException {
    JfrProfile profile = new JfrProfile();
    try (RecordingFile file = new RecordingFile(recording)) {
      while (file.hasMoreEvents()) {
        RecordedEvent event = file.readEvent();
        Instant at = event.getStartTime();
        if (at.isBefore(from) || at.isAfter(to)) {
          continue;
        }
        switch (event.getEventType().getName()) {
          case "jdk.ExecutionSample" -> profile.addSample(event);
          case "jdk.GarbageCollection" -> profile.addGc(event);
          case "jdk.CPULoad" -> profile.addCpuLoad(event);
          default -> {}
        }
      }
    }
    return profile;
  }

  private void addSample(RecordedEvent event) {
    RecordedStackTrace stack = event.getStackTrace();
    if (stack == null || stack.getFrames().isEmpty()) {
      return;
    }
    samples++;
    String thread =
        event.getThread("sampledThread") == null
            ? "?"
            : event.getThread("sampledThread").getJavaName();
    byThread.merge(threadGroup(thread), 1, Integer::sum);
    List<RecordedFrame> frames = stack.getFrames();
    bySelf.merge(methodName(frames.getFirst()), 1, Integer::sum);
    Set<String> baton = new HashSet<>();
    for (RecordedFrame frame : frames) {
      String method = methodName(frame);
      if (method.startsWith("dev.baton.")) {
        baton.add(method);
      }
    }
    baton.forEach(method -> byBatonInclusive.merge(method, 1, Integer::sum));
  }

  private void addGc(RecordedEvent event) {
    gcCount++;
    gcPauses = gcPauses.plus(event.getDuration("sumOfPauses"));
  }

  private void addCpuLoad(RecordedEvent event) {
    loadEvents++;
    machineLoadSum += event.getFloat("machineTotal");
    jvmLoadSum += event.getFloat("jvmUser") + event.getFloat("jvmSystem");
  }

  /** Thread names without their numbers, so that a pool's threads count together. */
  static String threadGroup(String name) {
    if (name == null) {
      return "?";
    }
    return name.replaceAll("bench-[a-z0-9]+-[a-z0-9x-]+?-(?=[0-9a-f]{8}-)", "<app>-")
        .replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<uuid>")
        .replaceAll("-\\d+(?=$|-| )", "-N");
  }

  private static String methodName(RecordedFrame frame) {
    if (frame.getMethod() == null) {
      return "?";
    }
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }

  /** The profile as tables: by thread, by self method, by inclusive Baton method. */
  public List<Table> tables(String title) {
    Table threads = top("profile-threads", title + ": CPU samples by thread", "thread", byThread);
    threads.note(
        String.format(
            java.util.Locale.ROOT,
            "%d CPU samples in the measured window; GC: %d collections, %d ms of pauses."
                + " CPU load (jdk.CPULoad, share of all cores): coordinator %.0f%%, whole machine"
                + " %.0f%%.",
            samples,
            gcCount,
            gcPauses.toMillis(),
            100 * jvmLoadSum / Math.max(1, loadEvents),
            100 * machineLoadSum / Math.max(1, loadEvents)));
    return List.of(
        threads,
        top("profile-self", title + ": top methods by self samples", "method", bySelf),
        top(
            "profile-baton",
            title + ": Baton methods by inclusive samples",
            "method",
            byBatonInclusive));
  }

  private Table top(String id, String title, String what, Map<String, Integer> counts) {
    Table table = new Table(id, title, what, "samples", "% of samples");
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(TOP)
        .forEach(
            e ->
                table.row(
                    "`" + e.getKey() + "`",
                    (long) e.getValue(),
                    100.0 * e.getValue() / Math.max(1, samples)));
    return table;
  }
}
