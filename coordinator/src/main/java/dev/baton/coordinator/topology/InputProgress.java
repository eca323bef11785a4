package dev.baton.coordinator.topology;

import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * How far the coordinator's input partitions were read, so that its timers act only on what the
 * input backlog can no longer change. A timer (a turn deadline, a lease, a session's idle time to
 * live) fires for a task only up to the broker time its input is known to be processed to: the time
 * a {@link Mark} was read if the task has processed every record below the mark's end offset, else
 * the timestamp (the broker's append time) of the last record it processed. So after an outage, a
 * submit that was appended before a session's idle time ran out is processed before the session can
 * expire, and a worker result appended before a deadline is processed before the turn can time out.
 *
 * <p>{@link #UNTRACKED} lets timers act on the wall clock alone (the topology test driver, which
 * has no broker); {@code Coordinator} reads marks from the broker.
 *
 * <p>{@code CoordinatorTopology.build(layout, registry, options, listener,
 * InputProgress.UNTRACKED)}
 */
public interface InputProgress {

  /** Timers act on the wall clock alone, as if every input were always processed. */
  InputProgress UNTRACKED =
      new InputProgress() {
        @Override
        public boolean tracked() {
          return false;
        }

        @Override
        public Optional<Mark> mark(TopicPartition partition) {
          return Optional.empty();
        }
      };

  /**
   * A reading of an input partition.
   *
   * @param endOffset the partition's end offset (read_committed) at {@code readAt}
   * @param committedOffset the coordinator's committed offset of the partition, read after the end
   *     offset; 0 if none
   * @param readAt when the end offset was asked for: every record appended before it is below
   *     {@code endOffset}
   */
  record Mark(long endOffset, long committedOffset, Instant readAt) {}

  /** Whether marks are read at all; if not, timers act on the wall clock. */
  default boolean tracked() {
    return true;
  }

  /** The latest mark of {@code partition}, if one was read. Thread-safe. */
  Optional<Mark> mark(TopicPartition partition);
}
