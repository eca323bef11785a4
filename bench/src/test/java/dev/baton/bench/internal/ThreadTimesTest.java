package dev.baton.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadTimesTest {

  @Test
  void shouldAddUpThePoolsOfAThreadPrint() {
    String print =
        """
        12345:
        "main" #3 [14713] prio=5 os_prio=0 cpu=1339.75ms elapsed=78.30s tid=0x1 nid=14713 waiting
        "ForkJoinPool-1-worker-1" #376 [17943] daemon prio=5 os_prio=0 cpu=241.5ms elapsed=23.25s
        "ForkJoinPool-1-worker-2" #378 [17944] daemon prio=5 os_prio=0 cpu=209.25ms elapsed=23.25s
        "kafka-producer-network-thread | b-7x-l-f3cd1a2b-0b1c-4d2e-8f3a-1b2c3d4e5f6a-StreamThread-1-producer" #3 cpu=2.93ms
        "GC Thread#0" os_prio=0 cpu=203.27ms elapsed=78.39s tid=0x2 nid=14714 runnable
           java.lang.Thread.State: WAITING (parking)
        """;

    assertThat(ThreadTimes.parse(print, "b-7x-l").millis())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "main", 1339.75,
                "ForkJoinPool-N-worker-N", 450.75,
                "kafka-producer-network-thread | <app>-<uuid>-StreamThread-N-producer", 2.93,
                "GC Thread#N", 203.27));
  }

  @Test
  void shouldListTheGroupsThatUsedTheMostCpuInAWindow() {
    ThreadTimes before = new ThreadTimes(Map.of("a", 10.0, "b", 100.0, "gone", 5.0));
    ThreadTimes after = new ThreadTimes(Map.of("a", 50.0, "b", 110.0, "new", 20.0));

    assertThat(after.top(before, 2))
        .containsExactly(new ThreadTimes.Group("a", 40.0), new ThreadTimes.Group("new", 20.0));
  }

  @Test
  void shouldReadTheThreadsOfThisJvm() throws Exception {
    // The compilers have compiled something by now (the test framework's own code at least).
    assertThat(ThreadTimes.ofThisJvm("app").millis()).containsKeys("main", "CN CompilerThreadN");
  }
}
