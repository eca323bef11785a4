package dev.baton.bench.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One thread of a process as Linux's {@code /proc/<pid>/task/<tid>/stat} shows it: its name (at
 * most 15 characters, between the first {@code (} and the last {@code )}) and its CPU time so far
 * (utime and stime, the 12th and 13th fields after the name). Not {@code jcmd}: attaching to the
 * benchmark's own JVM from it can hang.
 *
 * @param name the thread's name, cut to 15 characters by Linux
 * @param millis its CPU milliseconds so far
 */
record ProcThread(String name, double millis) {

  /** Linux's USER_HZ, the unit of the times in {@code stat}. */
  private static final double CLOCK_TICKS_PER_SECOND = 100;

  /**
   * The HotSpot threads that run no Java code, so that a JVM's ThreadMXBean does not list them: its
   * compilers, garbage collectors and VM thread, as Linux names them.
   */
  private static final Pattern HOTSPOT =
      Pattern.compile("C\\d CompilerThre|GC Thread#\\d+|G1 .*|VM Thread|VM Periodic Tas");

  /** The thread a {@code stat} line describes; empty for an empty or malformed line. */
  static Optional<ProcThread> parse(String stat) {
    int open = stat.indexOf('(');
    int close = stat.lastIndexOf(')');
    if (open < 0 || close < open || close + 2 > stat.length()) {
      return Optional.empty();
    }
    String[] fields = stat.substring(close + 2).trim().split(" ");
    if (fields.length < 13) {
      return Optional.empty();
    }
    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    return Optional.of(
        new ProcThread(stat.substring(open + 1, close), ticks * 1000.0 / CLOCK_TICKS_PER_SECOND));
  }

  /** The threads of process {@code pid} now; none where there is no {@code /proc}. */
  static List<ProcThread> of(long pid) throws IOException {
    Path tasks = Path.of("/proc", Long.toString(pid), "task");
    List<ProcThread> threads = new ArrayList<>();
    if (!Files.isDirectory(tasks)) {
      return threads;
    }
    try (Stream<Path> tids = Files.list(tasks)) {
      for (Path tid : tids.toList()) {
        parse(readQuietly(tid.resolve("stat"))).ifPresent(threads::add);
      }
    }
    return threads;
  }

  /** Whether this is one of the JIT compiler threads. */
  boolean isCompiler() {
    return name.contains("CompilerThre");
  }

  /** Whether this is a HotSpot thread that runs no Java code (a compiler, a collector). */
  boolean isHotSpotOwn() {
    return HOTSPOT.matcher(name).matches();
  }

  /**
   * The name as {@code Thread.print} writes it where Linux cut it: a compiler thread is {@code C2
   * CompilerThre} here and {@code C2 CompilerThread0} there.
   */
  String fullName() {
    return isCompiler() ? name.substring(0, 2) + " CompilerThread0" : name;
  }

  private static String readQuietly(Path stat) {
    try {
      return Files.readString(stat);
    } catch (IOException e) {
      return ""; // The thread ended.
    }
  }
}
