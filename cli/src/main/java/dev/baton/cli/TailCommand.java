package dev.baton.cli;

import dev.baton.cli.ops.ClusterAccess;
import dev.baton.cli.ops.EventFilter;
import dev.baton.cli.ops.EventFormat;
import dev.baton.cli.ops.EventTail;
import dev.baton.schemas.TopicLayout;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code baton tail}: follows the session-events topic, one line per event. */
@Command(
    name = "tail",
    mixinStandardHelpOptions = true,
    description = {
      "Follow the session-events topic, decoded through the Schema Registry, one line per event"
          + " (or JSON with --json), from now or from the beginning, until Ctrl-C."
    })
final class TailCommand implements Callable<Integer> {

  @Option(names = "--session", paramLabel = "SESSION_ID", description = "Only this session.")
  String sessionId;

  @Option(
      names = "--type",
      split = ",",
      paramLabel = "TYPE",
      description = "Only these event types, e.g. TurnCompleted,TurnFailed (comma-separated).")
  List<String> types = List.of();

  @Option(names = "--from-beginning", description = "Start at the beginning, not at the end.")
  boolean fromBeginning;

  @Option(names = "--json", description = "One JSON object per line.")
  boolean json;

  @Option(
      names = "--max",
      paramLabel = "N",
      defaultValue = "" + Long.MAX_VALUE,
      description = "Stop after N events. Default: no limit")
  long max;

  @Mixin ExternalAddresses addresses;
  @Mixin TopicPrefixOption prefix;
  @Mixin OpsTimeoutOption timeout;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (max < 1) {
      throw new IllegalArgumentException("--max must be at least 1, got " + max);
    }
    EventFilter filter = EventFilter.of(sessionId, types);
    ClusterAccess access =
        new ClusterAccess(addresses.requiredKafka(), addresses.requiredRegistry(), timeout.timeout);
    String topic =
        TopicLayout.of(
                prefix.topicPrefix,
                TopicLayout.DEFAULT_APPLICATION_ID,
                TopicLayout.DEFAULT_PARTITIONS)
            .sessionEvents();
    PrintWriter out = spec.commandLine().getOut();
    CountDownLatch done = new CountDownLatch(1);
    try (EventTail tail = EventTail.open(access, topic, fromBeginning, filter)) {
      Thread stopper = new Thread(() -> stopAndWait(tail, done), "baton-tail-stop");
      Runtime.getRuntime().addShutdownHook(stopper);
      spec.commandLine()
          .getErr()
          .printf(
              "following %s from %s; Ctrl-C stops%n",
              topic, fromBeginning ? "the beginning" : "now");
      tail.follow(
          event -> {
            out.println(json ? EventFormat.json(event) : EventFormat.line(event));
            out.flush();
          },
          max);
      removeHook(stopper);
    } finally {
      done.countDown();
    }
    return 0;
  }

  private void stopAndWait(EventTail tail, CountDownLatch done) {
    tail.stop();
    try {
      done.await(timeout.timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down and runs the hook.
    }
  }
}
