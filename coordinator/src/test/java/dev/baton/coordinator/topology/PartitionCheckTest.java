package dev.baton.coordinator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.schemas.TopicLayout;
import dev.baton.schemas.avro.RecordRejected;
import dev.baton.schemas.avro.SessionEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every input record must sit on the partition its key maps to; the test driver pipes every record
 * to partition 0, so with 12 partitions only keys that map to partition 0 are where they belong.
 */
class PartitionCheckTest {

  private static final int PARTITIONS = 12;

  @TempDir Path stateDir;

  private CoordinatorDriver coordinator;

  @AfterEach
  void close() {
    if (coordinator != null) {
      coordinator.close();
    }
  }

  @Test
  void shouldRejectARecordOffItsKeysPartitionWithoutDecidingAgainstThisTasksState() {
    coordinator = driver(PARTITIONS);
    String elsewhere = sessionOnPartition(3);

    coordinator.submit(elsewhere, "turn-1", "hello");

    List<TestRecord<String, SessionEvent>> events = coordinator.eventRecords();
    assertThat(events).hasSize(1);
    assertThat(events.getFirst().key()).isEqualTo(CoordinatorTopology.INVALID_SESSION_KEY);
    RecordRejected rejected = (RecordRejected) events.getFirst().value().getBody();
    assertThat(rejected.getReason().name()).isEqualTo("WRONG_PARTITION");
    assertThat(rejected.getPartition()).isZero();
    assertThat(rejected.getDetail()).contains("partition 3");
    assertThat(coordinator.assignments()).isEmpty();
    assertThat(coordinator.session(elsewhere)).isNull();
  }

  @Test
  void shouldDecideARecordOnItsKeysPartition() {
    coordinator = driver(PARTITIONS);
    String here = sessionOnPartition(0);

    coordinator.submit(here, "turn-1", "hello");

    assertThat(coordinator.events()).extracting(SessionEvent::getSessionId).containsOnly(here);
    assertThat(coordinator.assignments()).hasSize(1);
  }

  @Test
  void shouldGiveEventsAboutInvalidInputIdsAndSeqsThatNeverRepeat() {
    coordinator = driver(1);
    // The first record of each input topic: both at offset 0, on partition 0.
    coordinator.raw(coordinator.topics.commands().name(), "not a session id", new byte[] {1});
    coordinator.raw(coordinator.topics.workerResults().name(), "not a session id", new byte[] {1});

    List<SessionEvent> events = coordinator.events();

    assertThat(events).hasSize(2);
    assertThat(events).extracting(SessionEvent::getEventId).doesNotHaveDuplicates();
    assertThat(events)
        .extracting(e -> e.getSessionId() + "/" + e.getEventSeq())
        .doesNotHaveDuplicates();
  }

  private CoordinatorDriver driver(int partitions) {
    TopicLayout layout =
        TopicLayout.of(TopicLayout.DEFAULT_PREFIX, TopicLayout.DEFAULT_APPLICATION_ID, partitions);
    return new CoordinatorDriver(
        stateDir, TopologyOptions.defaults(), DecisionListener.NONE, layout);
  }

  /** A session id whose key the default partitioner puts on {@code partition} of 12. */
  private static String sessionOnPartition(int partition) {
    return IntStream.range(0, 10_000)
        .mapToObj(i -> "s-" + i)
        .filter(id -> partitionOf(id) == partition)
        .findFirst()
        .orElseThrow();
  }

  private static int partitionOf(String key) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
  }
}
