package dev.baton.bench.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live heap of another JVM of the benchmark: {@code jcmd <pid> GC.run} (a full collection),
 * then {@code GC.heap_info}, with the {@code jcmd} of the JDK this JVM runs on.
 */
final class JvmHeap {

  private static final Pattern USED = Pattern.compile("heap .*?used (\\d+)K");

  private JvmHeap() {}

  /**
   * The heap of {@code pid} in use after a full collection, in KiB.
   *
   * @throws IllegalStateException if {@code jcmd} fails or says nothing this can read
   */
  static long usedAfterGcKb(long pid) throws IOException, InterruptedException {
    Jcmd.run(pid, "GC.run");
    return usedKb(Jcmd.run(pid, "GC.heap_info"));
  }

  /** Writes the class histogram of {@code pid}'s live objects ({@code GC.class_histogram}). */
  static void writeHistogram(long pid, Path file) throws IOException, InterruptedException {
    Files.writeString(file, Jcmd.run(pid, "GC.class_histogram"));
  }

  /** The {@code used} figure of the heap line of {@code GC.heap_info}'s output, in KiB. */
  static long usedKb(String heapInfo) {
    Matcher matcher = USED.matcher(heapInfo);
    if (!matcher.find()) {
      throw new IllegalStateException("no heap line with \"used <n>K\" in: " + heapInfo);
    }
    return Long.parseLong(matcher.group(1));
  }
}
