package dev.baton.bench.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live heap of another JVM of the benchmark: {@code jcmd <pid> GC.run} (a full collection),
 * then {@code GC.heap_info}, with the {@code jcmd} of the JDK this JVM runs on.
 */
final class JvmHeap {

  private static final Pattern USED = Pattern.compile("heap .*?used (\\d+)K");
  private static final long TIMEOUT_SECONDS = 60;

  private JvmHeap() {}

  /**
   * The heap of {@code pid} in use after a full collection, in KiB.
   *
   * @throws IllegalStateException if {@code jcmd} fails or says nothing this can read
   */
  static long usedAfterGcKb(long pid) throws IOException, InterruptedException {
    jcmd(pid, "GC.run");
    return usedKb(jcmd(pid, "GC.heap_info"));
  }

  /** Writes the class histogram of {@code pid}'s live objects ({@code GC.class_histogram}). */
  static void writeHistogram(long pid, Path file) throws IOException, InterruptedException {
    Files.writeString(file, jcmd(pid, "GC.class_histogram"));
  }

  /** The {@code used} figure of the heap line of {@code GC.heap_info}'s output, in KiB. */
  static long usedKb(String heapInfo) {
    Matcher matcher = USED.matcher(heapInfo);
    if (!matcher.find()) {
      throw new IllegalStateException("no heap line with \"used <n>K\" in: " + heapInfo);
    }
    return Long.parseLong(matcher.group(1));
  }

  private static String jcmd(long pid, String command) throws IOException, InterruptedException {
    Path java = Path.of(ProcessHandle.current().info().command().orElse("java"));
    Path jcmd = java.resolveSibling("jcmd");
    Process process =
        new ProcessBuilder(List.of(jcmd.toString(), Long.toString(pid), command))
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IllegalStateException(jcmd + " " + pid + " " + command + " failed: " + output);
    }
    return output;
  }
}
