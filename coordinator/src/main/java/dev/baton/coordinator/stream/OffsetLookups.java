package dev.baton.coordinator.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/**
 * The offsets that a batch of opening streams needs, each kind asked of the brokers once for the
 * whole batch rather than once per stream: the partitions' stable ends (taken first, when the
 * lookups are made), the offsets of times, and the partitions' first kept offsets. Two hundred
 * streams opened at once cost a handful of requests, not eight hundred.
 *
 * <p>Times on one partition that lie within {@code spread} of the earliest of them share its
 * lookup: a stream may start reading a little earlier than its own time, as a stream from a turn's
 * start already does by {@link TurnStreams#START_SLACK}; each later group is one more request.
 *
 * <p>Used only on the reader's thread, with its consumer.
 */
final class OffsetLookups {

  private final Consumer<?, ?> consumer;
  private final long spreadMillis;
  private final Set<TopicPartition> partitions;
  private final Map<TopicPartition, Long> ends;
  private final Map<TopicPartition, TreeSet<Long>> wanted = new HashMap<>();
  private final Map<TopicPartition, TreeMap<Long, OffsetAndTimestamp>> found = new HashMap<>();
  private Map<TopicPartition, Long> firsts;

  private OffsetLookups(Consumer<?, ?> consumer, Set<TopicPartition> partitions, Duration spread) {
    this.consumer = consumer;
    this.spreadMillis = spread.toMillis();
    this.partitions = Set.copyOf(partitions);
    this.ends = consumer.endOffsets(this.partitions);
  }

  /** Takes the stable end offsets of {@code partitions} now, before anything else is asked. */
  static OffsetLookups startingWithEnds(
      Consumer<?, ?> consumer, Collection<TopicPartition> partitions, Duration spread) {
    return new OffsetLookups(consumer, Set.copyOf(partitions), spread);
  }

  /** The stable end of {@code partition} when the lookups were made. */
  long end(TopicPartition partition) {
    return ends.get(partition);
  }

  /** Notes that {@link #atOrAfter} will be asked for {@code time} on {@code partition}. */
  void want(TopicPartition partition, long time) {
    wanted.computeIfAbsent(partition, p -> new TreeSet<>()).add(time);
  }

  /**
   * Looks every wanted time up: one request per round, a round taking the next group of times of
   * every partition.
   */
  void lookUpTimes() {
    Map<TopicPartition, List<Long>> groups = new HashMap<>();
    wanted.forEach((partition, times) -> groups.put(partition, groupStarts(times)));
    for (int round = 0; ; round++) {
      Map<TopicPartition, Long> request = new HashMap<>();
      for (Map.Entry<TopicPartition, List<Long>> entry : groups.entrySet()) {
        if (round < entry.getValue().size()) {
          request.put(entry.getKey(), entry.getValue().get(round));
        }
      }
      if (request.isEmpty()) {
        return;
      }
      Map<TopicPartition, OffsetAndTimestamp> answers = consumer.offsetsForTimes(request);
      request.forEach(
          (partition, time) ->
              found
                  .computeIfAbsent(partition, p -> new TreeMap<>())
                  .put(time, answers.get(partition)));
    }
  }

  /** The earliest time of each group: a group holds the times up to the spread after its first. */
  private List<Long> groupStarts(TreeSet<Long> times) {
    List<Long> starts = new ArrayList<>();
    for (long time : times) {
      if (starts.isEmpty() || time > starts.getLast() + spreadMillis) {
        starts.add(time);
      }
    }
    return starts;
  }

  /**
   * The first record at or after the start of the group of {@code time} (a wanted time, after
   * {@link #lookUpTimes}), or null if there is none below the stable end.
   */
  OffsetAndTimestamp atOrAfter(TopicPartition partition, long time) {
    TreeMap<Long, OffsetAndTimestamp> answers = found.get(partition);
    if (answers == null || answers.floorKey(time) == null) {
      throw new IllegalStateException("time " + time + " of " + partition + " was not looked up");
    }
    return answers.floorEntry(time).getValue();
  }

  /** The first kept offset of {@code partition}, asked once for every partition of the batch. */
  long first(TopicPartition partition) {
    if (firsts == null) {
      firsts = consumer.beginningOffsets(partitions);
    }
    return firsts.get(partition);
  }
}
