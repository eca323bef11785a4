package dev.baton.coordinator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.coordinator.session.SessionLimits;
import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.SessionEvent;
import dev.baton.schemas.avro.SessionExpired;
import dev.baton.schemas.avro.TurnStarted;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Timers wait for the input backlog: after an outage, a record the broker appended before a timer
 * was due is processed before the timer acts, so it cannot expire a session or time out a turn that
 * the record keeps alive.
 */
class BacklogTimersTopologyTest {

  private static final String SESSION = "s-1";
  private static final Duration IDLE = Duration.ofMinutes(10);
  private static final Duration OUTAGE = Duration.ofMinutes(30);

  @TempDir Path stateDir;

  private final Marks marks = new Marks();
  private CoordinatorDriver coordinator;

  @AfterEach
  void close() {
    coordinator.close();
  }

  @Test
  void shouldNotExpireASessionWhoseSubmitIsInTheBacklog() {
    coordinator = driver(marks);
    finishTurn("turn-1");
    Instant lastActivity = coordinator.session(SESSION).state().lastActivityAt();
    Instant afterOutage = coordinator.now().plus(OUTAGE);
    // One submit, appended five minutes after the last activity, waits in the commands partition.
    marks.put(coordinator.topics.commands().name(), 2, afterOutage);
    marks.put(coordinator.topics.workerResults().name(), 1, afterOutage);

    coordinator.advanceWallClock(OUTAGE);
    assertThat(coordinator.events()).isEmpty();
    coordinator.submitAppendedAt(
        SESSION, "turn-2", "still there?", lastActivity.plus(Duration.ofMinutes(5)));

    assertThat(coordinator.events())
        .extracting(SessionEvent::getBody)
        .hasAtLeastOneElementOfType(TurnStarted.class)
        .noneMatch(SessionExpired.class::isInstance);
    assertThat(coordinator.history(SESSION)).hasSize(3);
  }

  @Test
  void shouldExpireTheSessionOnceItsInputIsProcessed() {
    coordinator = driver(marks);
    finishTurn("turn-1");
    Instant afterOutage = coordinator.now().plus(OUTAGE);
    marks.put(coordinator.topics.commands().name(), 1, afterOutage);
    marks.put(coordinator.topics.workerResults().name(), 1, afterOutage);

    coordinator.advanceWallClock(OUTAGE);

    assertThat(coordinator.events())
        .extracting(SessionEvent::getBody)
        .hasAtLeastOneElementOfType(SessionExpired.class);
  }

  @Test
  void shouldFireNoTimerBeforeTheInputIsKnownToBeRead() {
    coordinator = driver(marks);
    finishTurn("turn-1");

    coordinator.advanceWallClock(OUTAGE);

    assertThat(coordinator.events()).isEmpty();
  }

  private CoordinatorDriver driver(InputProgress progress) {
    TopologyOptions options =
        TopologyOptions.builder()
            .limits(SessionLimits.builder().idleTimeToLive(Optional.of(IDLE)).build())
            .timerInterval(Duration.ofMinutes(1))
            .build();
    return new CoordinatorDriver(stateDir, options, progress);
  }

  private void finishTurn(String turnId) {
    coordinator.submit(SESSION, turnId, "hello");
    Assignment step = coordinator.assignment();
    coordinator.answer(step, "hi");
    coordinator.events();
  }

  /** Marks set by the test, for partition 0 (the test driver's only partition). */
  private static final class Marks implements InputProgress {

    private final Map<TopicPartition, Mark> marks = new ConcurrentHashMap<>();

    void put(String topic, long endOffset, Instant readAt) {
      marks.put(new TopicPartition(topic, 0), new Mark(endOffset, 0, readAt));
    }

    @Override
    public Optional<Mark> mark(TopicPartition partition) {
      return Optional.ofNullable(marks.get(partition));
    }
  }
}
