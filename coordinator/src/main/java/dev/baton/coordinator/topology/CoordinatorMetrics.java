package dev.baton.coordinator.topology;

/**
 * The names of the metrics the topology registers with Kafka Streams; read them with {@code
 * KafkaStreams.metrics()}.
 *
 * <pre>{@code
 * streams.metrics().values().stream()
 *     .filter(m -> m.metricName().name().equals(CoordinatorMetrics.REJECTED_RECORDS_TOTAL))
 *     .mapToDouble(m -> (Double) m.metricValue()).sum();
 * }</pre>
 */
public final class CoordinatorMetrics {

  /** The metric group of every Baton coordinator metric. */
  public static final String GROUP = "baton-coordinator-metrics";

  /**
   * Input records rejected with a {@code RecordRejected} event, counted since the task started. One
   * metric per task and reason; sum over the tags for a total.
   */
  public static final String REJECTED_RECORDS_TOTAL = "baton-rejected-records-total";

  /**
   * Changes of a turn's tool-call dispatch mode (a {@code DispatchModeChanged} event), counted
   * since the task started. One metric per task and new mode; {@code mode=SEQUENTIAL} counts the
   * turns that fell back to ordered dispatch because a worker found Redis unreachable.
   */
  public static final String DISPATCH_MODE_CHANGES_TOTAL = "baton-dispatch-mode-changes-total";

  /**
   * Decisions that would have written a record over the broker's limit ({@link
   * TopologyOptions#maxRecordBytes()}), counted since the task started. Each was refused before
   * anything was written: the session model failed the turn ({@code LIMIT_RECORD_SIZE}) or rejected
   * the submit instead. One metric per task and kind of record ({@code event}, {@code assignment},
   * {@code history}, {@code session}, {@code signal}).
   */
  public static final String OVERSIZE_RECORDS_TOTAL = "baton-oversize-records-total";

  /** The tag holding the kind of an oversize record. */
  public static final String KIND_TAG = "kind";

  /** The tag holding the new {@link dev.baton.coordinator.session.DispatchMode} name. */
  public static final String MODE_TAG = "mode";

  /** The tag holding a {@link dev.baton.schemas.avro.RecordRejectionReason} name. */
  public static final String REASON_TAG = "reason";

  /** The tag holding the stream thread's name. */
  public static final String THREAD_TAG = "thread-id";

  /** The tag holding the Kafka Streams task id. */
  public static final String TASK_TAG = "task-id";

  private CoordinatorMetrics() {}
}
