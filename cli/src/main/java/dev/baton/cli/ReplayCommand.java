package dev.baton.cli;

import dev.baton.cli.ops.ClusterAccess;
import dev.baton.cli.ops.HistoryReader;
import dev.baton.cli.ops.LineageReader;
import dev.baton.cli.ops.OpsException;
import dev.baton.cli.ops.ProgressBar;
import dev.baton.cli.ops.ProgressListener;
import dev.baton.cli.ops.TranscriptFormat;
import dev.baton.schemas.TopicLayout;
import dev.baton.schemas.avro.HistoryEntry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code baton replay}: a session's transcript, or every session's, from the history topic. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Print a session's whole transcript, read from the compacted history topic"
          + " (<application-id>-history-changelog) with a plain Kafka consumer; no coordinator is"
          + " needed. --all exports every session as JSON lines, one object per message. A single"
          + " session's transcript begins with its lineage (forked from or to another session),"
          + " read from the session-events topic."
    })
final class ReplayCommand implements Callable<Integer> {

  /** The system property the launcher sets to {@code true} when stderr is a terminal. */
  static final String STDERR_TERMINAL_PROPERTY = "baton.stderr.terminal";

  /** When to draw the progress bar. */
  enum ProgressMode {
    AUTO,
    ALWAYS,
    NEVER
  }

  @Parameters(
      arity = "0..1",
      paramLabel = "SESSION_ID",
      description = "The session to replay; omit it with --all.")
  String sessionId;

  @Option(names = "--all", description = "Replay every session (as JSON lines).")
  boolean all;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Write JSON lines (one object per message) to FILE instead of stdout.")
  Path out;

  @Option(names = "--json", description = "Print JSON lines instead of the readable transcript.")
  boolean json;

  @Option(
      names = "--progress",
      arity = "0..1",
      fallbackValue = "ALWAYS",
      defaultValue = "AUTO",
      description = "Progress bar on stderr: auto (when stderr is a terminal), always, never.")
  ProgressMode progress;

  @Mixin ExternalAddresses addresses;
  @Mixin ApplicationIdOption application;
  @Mixin TopicPrefixOption prefix;
  @Mixin OpsTimeoutOption timeout;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (all == (sessionId != null)) {
      throw new IllegalArgumentException("give either a SESSION_ID or --all");
    }
    ClusterAccess access =
        new ClusterAccess(addresses.requiredKafka(), addresses.requiredRegistry(), timeout.timeout);
    HistoryReader reader = new HistoryReader(access, historyTopic(application.applicationId));
    ProgressListener listener = progressListener();
    Map<String, List<HistoryEntry>> sessions =
        all
            ? reader.readAll(session -> true, listener)
            : Map.of(sessionId, reader.read(sessionId, listener));
    if (!all && sessions.get(sessionId).isEmpty()) {
      throw OpsException.noHistory(sessionId, reader.topic());
    }
    if (out != null) {
      writeFile(sessions);
    } else if (all || json) {
      print(sessions, spec.commandLine().getOut());
    } else {
      List<String> lineage = lineage(access, listener);
      PrintWriter stdout = spec.commandLine().getOut();
      TranscriptFormat.lines(sessionId, sessions.get(sessionId), lineage).forEach(stdout::println);
      stdout.flush();
    }
    return 0;
  }

  static String historyTopic(String applicationId) {
    return TopicLayout.of(TopicLayout.DEFAULT_PREFIX, applicationId, TopicLayout.DEFAULT_PARTITIONS)
        .history();
  }

  /**
   * The session's lineage from the session-events topic; none, with a note on stderr, if that topic
   * cannot be read: the transcript does not depend on it.
   */
  private List<String> lineage(ClusterAccess access, ProgressListener listener) {
    String topic = eventsTopic(prefix.topicPrefix);
    try {
      return new LineageReader(access, topic).read(sessionId, listener);
    } catch (OpsException e) {
      spec.commandLine()
          .getErr()
          .println("baton replay: no lineage from " + topic + ": " + e.getMessage());
      return List.of();
    }
  }

  static String eventsTopic(String topicPrefix) {
    return TopicLayout.of(topicPrefix, TopicLayout.DEFAULT_APPLICATION_ID, 1).sessionEvents();
  }

  private ProgressListener progressListener() {
    boolean draw =
        switch (progress) {
          case ALWAYS -> true;
          case NEVER -> false;
          case AUTO -> Boolean.getBoolean(STDERR_TERMINAL_PROPERTY);
        };
    return draw ? new ProgressBar(spec.commandLine().getErr()) : ProgressListener.NONE;
  }

  private void print(Map<String, List<HistoryEntry>> sessions, PrintWriter stdout) {
    sessions.forEach(
        (session, messages) -> {
          if (json || all) {
            messages.forEach(entry -> stdout.println(TranscriptFormat.json(entry)));
          } else {
            TranscriptFormat.lines(session, messages).forEach(stdout::println);
          }
        });
    stdout.flush();
  }

  private void writeFile(Map<String, List<HistoryEntry>> sessions) {
    long messages = 0;
    try (Writer writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      for (List<HistoryEntry> entries : sessions.values()) {
        for (HistoryEntry entry : entries) {
          writer.write(TranscriptFormat.json(entry));
          writer.write('\n');
          messages++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out, e);
    }
    spec.commandLine()
        .getErr()
        .printf("wrote %d messages (%d sessions) to %s%n", messages, sessions.size(), out);
  }
}
