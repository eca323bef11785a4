package dev.baton.coordinator.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetLookupsTest {

  private static final Duration SPREAD = Duration.ofSeconds(5);

  /** A partition whose record at offset n was appended at time n x 10 ms, up to offset 10,000. */
  private static final class Log extends MockConsumer<String, byte[]> {
    int endRequests;
    int beginningRequests;
    final List<Map<TopicPartition, Long>> timeRequests = new ArrayList<>();

    Log() {
      super("earliest");
    }

    @Override
    public synchronized Map<TopicPartition, Long> endOffsets(
        Collection<TopicPartition> partitions) {
      endRequests++;
      return each(partitions, 10_000L);
    }

    @Override
    public synchronized Map<TopicPartition, Long> beginningOffsets(
        Collection<TopicPartition> partitions) {
      beginningRequests++;
      return each(partitions, 0L);
    }

    private static Map<TopicPartition, Long> each(
        Collection<TopicPartition> partitions, long offset) {
      Map<TopicPartition, Long> offsets = new HashMap<>();
      partitions.forEach(p -> offsets.put(p, offset));
      return offsets;
    }

    @Override
    public synchronized Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(
        Map<TopicPartition, Long> times) {
      timeRequests.add(Map.copyOf(times));
      Map<TopicPartition, OffsetAndTimestamp> found = new HashMap<>();
      times.forEach(
          (p, time) -> {
            long offset = (time + 9) / 10;
            found.put(p, offset < 10_000 ? new OffsetAndTimestamp(offset, offset * 10) : null);
          });
      return found;
    }
  }

  private static List<TopicPartition> partitions(int count) {
    return IntStream.range(0, count).mapToObj(i -> new TopicPartition("events", i)).toList();
  }

  @Test
  void shouldAskForTwoHundredStreamsOnFourPartitionsInOneRequestOfEachKind() {
    Log log = new Log();
    List<TopicPartition> partitions = partitions(4);
    OffsetLookups lookups = OffsetLookups.startingWithEnds(log, partitions, SPREAD);
    for (int i = 0; i < 200; i++) {
      lookups.want(partitions.get(i % 4), 20_000 + i * 10L);
    }
    lookups.lookUpTimes();

    for (int i = 0; i < 200; i++) {
      TopicPartition partition = partitions.get(i % 4);
      OffsetAndTimestamp found = lookups.atOrAfter(partition, 20_000 + i * 10L);
      assertThat(found.timestamp()).isLessThanOrEqualTo(20_000 + i * 10L);
      assertThat(lookups.first(partition)).isZero();
      assertThat(lookups.end(partition)).isEqualTo(10_000);
    }
    assertThat(log.endRequests).isOne();
    assertThat(log.timeRequests).hasSize(1);
    assertThat(log.beginningRequests).isOne();
  }

  @Test
  void shouldLookTimesFurtherApartThanTheSpreadUpSeparatelyAndNeverAnswerWithALaterOne() {
    Log log = new Log();
    TopicPartition partition = partitions(1).getFirst();
    OffsetLookups lookups = OffsetLookups.startingWithEnds(log, List.of(partition), SPREAD);
    long early = 1_000;
    long withinSpread = early + SPREAD.toMillis();
    long late = withinSpread + 1;
    List.of(late, early, withinSpread).forEach(time -> lookups.want(partition, time));
    lookups.lookUpTimes();

    assertThat(log.timeRequests).containsExactly(Map.of(partition, early), Map.of(partition, late));
    assertThat(lookups.atOrAfter(partition, early).offset()).isEqualTo(100);
    assertThat(lookups.atOrAfter(partition, withinSpread).offset()).isEqualTo(100);
    assertThat(lookups.atOrAfter(partition, late).offset()).isEqualTo(601);
  }

  @Test
  void shouldAnswerNullPastTheEndAndRefuseATimeNotLookedUp() {
    Log log = new Log();
    TopicPartition partition = partitions(1).getFirst();
    OffsetLookups lookups = OffsetLookups.startingWithEnds(log, List.of(partition), SPREAD);
    lookups.want(partition, 500_000);
    lookups.lookUpTimes();

    assertThat(lookups.atOrAfter(partition, 500_000)).isNull();
    assertThatThrownBy(() -> lookups.atOrAfter(partition, 1_000))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not looked up");
  }
}
