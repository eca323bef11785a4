package dev.baton.schemas;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The topics Baton needs and how each is created: names from a prefix, one partition count for all
 * of them (they are co-partitioned by session id), retention per DESIGN.md's topic table.
 *
 * <p>{@code TopicLayout.of("baton.", "baton-coordinator", 12).specs()}
 *
 * @param prefix the topic name prefix, {@value #DEFAULT_PREFIX} by default
 * @param applicationId the coordinator's Kafka Streams application id; the history changelog is
 *     named after it
 * @param partitions the partition count of every topic
 */
public record TopicLayout(String prefix, String applicationId, int partitions) {

  /** The default topic name prefix. */
  public static final String DEFAULT_PREFIX = "baton.";

  /** The default Kafka Streams application id of the coordinator. */
  public static final String DEFAULT_APPLICATION_ID = "baton-coordinator";

  /** The default partition count of every Baton topic. */
  public static final int DEFAULT_PARTITIONS = 12;

  /** The name of the coordinator's history state store. */
  public static final String HISTORY_STORE = "history";

  /**
   * The topic config that decides whose clock a record's timestamp is: the producer's ({@code
   * CreateTime}) or the broker's ({@code LogAppendTime}).
   */
  public static final String TIMESTAMP_TYPE_CONFIG = "message.timestamp.type";

  /**
   * The {@link #TIMESTAMP_TYPE_CONFIG} of the input topics (commands, worker results) and of the
   * turn stream: the broker stamps each record when it appends it, so the coordinator decides by
   * the broker's clock and a client or worker whose clock is off changes no decision, and a turn's
   * deltas are found from the time of its first event.
   */
  public static final String INPUT_TIMESTAMP_TYPE = "LogAppendTime";

  private static final String SEVEN_DAYS_MS = "604800000";
  private static final String ONE_DAY_MS = "86400000";

  /** Validates the layout. */
  public TopicLayout {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(applicationId, "applicationId");
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
    }
  }

  /** Returns a layout with the given prefix, application id and partition count. */
  public static TopicLayout of(String prefix, String applicationId, int partitions) {
    return new TopicLayout(prefix, applicationId, partitions);
  }

  /** Returns the default layout: prefix {@code baton.}, 12 partitions. */
  public static TopicLayout defaults() {
    return new TopicLayout(DEFAULT_PREFIX, DEFAULT_APPLICATION_ID, DEFAULT_PARTITIONS);
  }

  /** Commands from clients: SubmitTurn, CancelTurn, ClearHistory and the rest. */
  public String commands() {
    return prefix + "commands";
  }

  /** Results from workers: step results, tool results, progress. */
  public String workerResults() {
    return prefix + "worker-results";
  }

  /** Assignments to workers (AgentStep, ToolCall), consumed through a share group. */
  public String assignments() {
    return prefix + "assignments";
  }

  /** Every decision of the coordinator, for audit and the HTTP API. */
  public String sessionEvents() {
    return prefix + "session-events";
  }

  /** Output deltas streamed by workers while a step runs. */
  public String turnStream() {
    return prefix + "turn-stream";
  }

  /**
   * Signals from the coordinator to the workers running a turn: STOP when a turn ended while its
   * work may still run. Keyed by session id and compacted, so it keeps each session's newest stop,
   * which covers every fencing token up to it; kept as long as the assignments it covers. Every
   * worker process reads all of it from the beginning before it takes assignments.
   */
  public String turnSignals() {
    return prefix + "turn-signals";
  }

  /**
   * API tokens, keyed by token id and compacted: each token's grant (tenant, scopes, the hash of
   * its secret), or a tombstone once it is revoked. Every coordinator reads all of it.
   */
  public String tokens() {
    return prefix + "tokens";
  }

  /**
   * The compacted changelog of the coordinator's history store, which is the history topic. Kafka
   * Streams names it {@code <application.id>-history-changelog}.
   */
  public String history() {
    return applicationId + "-" + HISTORY_STORE + "-changelog";
  }

  /** The topics the coordinator decides from: {@link #commands()} and {@link #workerResults()}. */
  public List<String> inputs() {
    return List.of(commands(), workerResults());
  }

  /**
   * Every topic with its partition count and configs, in a stable order. The input topics and the
   * turn stream carry the broker's time ({@link #INPUT_TIMESTAMP_TYPE}).
   */
  public List<TopicSpec> specs() {
    return List.of(
        new TopicSpec(commands(), partitions, input(retention(SEVEN_DAYS_MS))),
        new TopicSpec(workerResults(), partitions, input(retention(SEVEN_DAYS_MS))),
        new TopicSpec(assignments(), partitions, retention(SEVEN_DAYS_MS)),
        new TopicSpec(sessionEvents(), partitions, retention("-1")),
        new TopicSpec(turnStream(), partitions, input(retention(ONE_DAY_MS))),
        new TopicSpec(
            turnSignals(),
            partitions,
            Map.of("cleanup.policy", "compact,delete", "retention.ms", SEVEN_DAYS_MS)),
        new TopicSpec(history(), partitions, Map.of("cleanup.policy", "compact")),
        new TopicSpec(tokens(), 1, Map.of("cleanup.policy", "compact")));
  }

  private static Map<String, String> input(Map<String, String> configs) {
    Map<String, String> withTime = new HashMap<>(configs);
    withTime.put(TIMESTAMP_TYPE_CONFIG, INPUT_TIMESTAMP_TYPE);
    return withTime;
  }

  private static Map<String, String> retention(String retentionMs) {
    return Map.of("cleanup.policy", "delete", "retention.ms", retentionMs);
  }
}
