package dev.baton.coordinator.topology.internal;

import dev.baton.coordinator.session.DispatchMode;
import dev.baton.coordinator.topology.CoordinatorMetrics;
import dev.baton.schemas.avro.RecordRejectionReason;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * The counters of one task: {@link CoordinatorMetrics#REJECTED_RECORDS_TOTAL}, {@link
 * CoordinatorMetrics#DISPATCH_MODE_CHANGES_TOTAL} and {@link
 * CoordinatorMetrics#OVERSIZE_RECORDS_TOTAL}.
 */
record TaskMetrics(
    TaskCounters<RecordRejectionReason> rejections,
    TaskCounters<DispatchMode> dispatchModes,
    TaskCounters<RecordBudget.RecordKind> oversize)
    implements AutoCloseable {

  /** Registers the counters of the task of {@code context}, on the current stream thread. */
  static TaskMetrics register(ProcessorContext<?, ?> context) {
    var metrics = context.metrics();
    String thread = Thread.currentThread().getName();
    String task = context.taskId().toString();
    return new TaskMetrics(
        TaskCounters.register(
            metrics,
            thread,
            task,
            RecordRejectionReason.class,
            CoordinatorMetrics.REJECTED_RECORDS_TOTAL,
            "Input records rejected with a RecordRejected event",
            CoordinatorMetrics.REASON_TAG),
        TaskCounters.register(
            metrics,
            thread,
            task,
            DispatchMode.class,
            CoordinatorMetrics.DISPATCH_MODE_CHANGES_TOTAL,
            "Changes of a turn's tool-call dispatch mode, by new mode",
            CoordinatorMetrics.MODE_TAG),
        TaskCounters.register(
            metrics,
            thread,
            task,
            RecordBudget.RecordKind.class,
            CoordinatorMetrics.OVERSIZE_RECORDS_TOTAL,
            "Decisions refused because a record would be over the broker's limit, by record kind",
            CoordinatorMetrics.KIND_TAG));
  }

  @Override
  public void close() {
    rejections.close();
    dispatchModes.close();
    oversize.close();
  }
}
