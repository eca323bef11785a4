package dev.baton.bench.internal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CPU time of a JVM's platform threads so far, by thread group: a thread's name with a
 * deployment's application id written {@code <app>}, UUIDs {@code <uuid>} and every other number
 * {@code N}, so that a pool's threads add up ({@code ForkJoinPool-N-worker-N} carries the virtual
 * threads). Two snapshots tell where a window's CPU went.
 *
 * @param millis CPU milliseconds by group
 */
record ThreadTimes(Map<String, Double> millis) {

  /** A thread of a {@code Thread.print}: its quoted name, then its {@code cpu=<ms>ms}. */
  private static final Pattern THREAD =
      Pattern.compile("^\"(.*)\"\\s.*?\\bcpu=(\\d+(?:\\.\\d+)?)ms");

  private static final Pattern UUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  /** One group's CPU time over a window. */
  record Group(String name, double millis) {}

  /**
   * The threads of the JVM {@code pid}, from {@code jcmd <pid> Thread.print}; {@code app} is
   * written {@code <app>} in their names.
   */
  static ThreadTimes of(long pid, String app) throws IOException, InterruptedException {
    return parse(Jcmd.run(pid, "Thread.print"), app);
  }

  /**
   * The threads of this JVM; {@code app} is written {@code <app>} in their names. Its ThreadMXBean
   * gives the threads that run Java code; {@code /proc} adds HotSpot's own (compilers, collectors),
   * which the bean does not list.
   */
  static ThreadTimes ofThisJvm(String app) throws IOException {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Map<String, Double> millis = new TreeMap<>();
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      long nanos = info == null ? -1 : threads.getThreadCpuTime(info.getThreadId());
      if (nanos > 0) {
        millis.merge(group(info.getThreadName(), app), nanos / 1e6, Double::sum);
      }
    }
    for (ProcThread own : ProcThread.of(ProcessHandle.current().pid())) {
      if (own.isHotSpotOwn()) {
        millis.merge(group(own.fullName(), app), own.millis(), Double::sum);
      }
    }
    return new ThreadTimes(millis);
  }

  /** The threads in the output of {@code Thread.print}. */
  static ThreadTimes parse(String threadPrint, String app) {
    Map<String, Double> millis = new TreeMap<>();
    for (String line : threadPrint.split("\n")) {
      Matcher thread = THREAD.matcher(line);
      if (thread.find()) {
        millis.merge(group(thread.group(1), app), Double.parseDouble(thread.group(2)), Double::sum);
      }
    }
    return new ThreadTimes(millis);
  }

  /**
   * {@code name} with {@code app} written {@code <app>}, UUIDs {@code <uuid>}, numbers {@code N}.
   */
  static String group(String name, String app) {
    String named = UUID.matcher(name.replace(app, "<app>")).replaceAll("<uuid>");
    return named.replaceAll("\\d+", "N");
  }

  /**
   * The {@code count} groups that used the most CPU from {@code before} to this snapshot, most
   * first; a thread that ended in between is not counted, one that started is counted whole.
   */
  List<Group> top(ThreadTimes before, int count) {
    return millis.entrySet().stream()
        .map(e -> new Group(e.getKey(), e.getValue() - before.millis.getOrDefault(e.getKey(), 0.0)))
        .filter(group -> group.millis() > 0)
        .sorted(Comparator.comparingDouble(Group::millis).reversed())
        .limit(count)
        .toList();
  }
}
