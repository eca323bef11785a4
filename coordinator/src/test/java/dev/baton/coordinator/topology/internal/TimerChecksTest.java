package dev.baton.coordinator.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.junit.jupiter.api.Test;

class TimerChecksTest {

  private static final Duration INTERVAL = Duration.ofMillis(500);

  private final MockProcessorContext<String, String> context = new MockProcessorContext<>();
  private final List<Long> checkedAt = new ArrayList<>();
  private Optional<Instant> earliestLeft = Optional.empty();
  private final TimerChecks checks =
      new TimerChecks(
          context,
          INTERVAL,
          wallClockMillis -> {
            checkedAt.add(wallClockMillis);
            return earliestLeft;
          });

  @Test
  void shouldCheckTheRestoredTimersAMillisecondAfterTheStart() {
    checks.start();

    CapturedPunctuator first = onlyLiveCheck();
    assertThat(first.getType()).isEqualTo(PunctuationType.WALL_CLOCK_TIME);
    assertThat(first.getInterval()).isEqualTo(Duration.ofMillis(1));
  }

  @Test
  void shouldCheckNextAtTheFirstGridInstantAfterTheEarliestTimerLeft() {
    checks.start();
    earliestLeft = Optional.of(Instant.ofEpochMilli(12_345));

    runLiveCheckAt(10_200);

    assertThat(checkedAt).containsExactly(10_200L);
    assertThat(onlyLiveCheck().getInterval()).isEqualTo(Duration.ofMillis(12_500 - 10_200));
  }

  @Test
  void shouldCheckATimerDueOnAGridInstantAtTheNextOne() {
    // Timers due before the check's time fire; one due exactly at it would wait a whole interval.
    checks.start();
    earliestLeft = Optional.of(Instant.ofEpochMilli(11_000));

    runLiveCheckAt(10_200);

    assertThat(onlyLiveCheck().getInterval()).isEqualTo(Duration.ofMillis(11_500 - 10_200));
  }

  @Test
  void shouldCheckAgainAtTheNextGridInstantWhileATimerIsLeftDue() {
    checks.start();
    earliestLeft = Optional.of(Instant.ofEpochMilli(9_000));

    runLiveCheckAt(10_200);

    assertThat(onlyLiveCheck().getInterval()).isEqualTo(Duration.ofMillis(10_500 - 10_200));
  }

  @Test
  void shouldScheduleNoCheckWhileNoTimerIsSet() {
    // Kafka Streams marks a task as needing a commit after each wall-clock punctuation it runs.
    checks.start();

    runLiveCheckAt(10_200);

    assertThat(liveChecks()).isEmpty();
  }

  @Test
  void shouldMoveTheCheckEarlierForAnEarlierTimerAndKeepItForALaterOne() {
    checks.start();
    earliestLeft = Optional.of(Instant.ofEpochMilli(60_000));
    runLiveCheckAt(10_200);
    CapturedPunctuator later = onlyLiveCheck();
    context.setCurrentSystemTimeMs(10_300);

    checks.dueAt(Instant.ofEpochMilli(70_000));
    assertThat(onlyLiveCheck()).isSameAs(later);

    checks.dueAt(Instant.ofEpochMilli(20_100));
    assertThat(later.cancelled()).isTrue();
    assertThat(onlyLiveCheck().getInterval()).isEqualTo(Duration.ofMillis(20_500 - 10_300));
  }

  @Test
  void shouldLeaveTheFirstCheckInPlaceForATimerSetBeforeItRuns() {
    checks.start();
    CapturedPunctuator first = onlyLiveCheck();
    context.setCurrentSystemTimeMs(10_000);

    checks.dueAt(Instant.ofEpochMilli(10_700));

    assertThat(onlyLiveCheck()).isSameAs(first);
  }

  @Test
  void shouldScheduleTheChecksOfTasksWithDifferentClocksForTheSameInstant() {
    MockProcessorContext<String, String> other = new MockProcessorContext<>();
    TimerChecks otherChecks = new TimerChecks(other, INTERVAL, wallClockMillis -> earliestLeft);
    context.setCurrentSystemTimeMs(10_123);
    other.setCurrentSystemTimeMs(10_377);

    checks.dueAt(Instant.ofEpochMilli(11_100));
    otherChecks.dueAt(Instant.ofEpochMilli(11_200));

    long at = 10_123 + onlyLiveCheck().getInterval().toMillis();
    long otherAt = 10_377 + other.scheduledPunctuators().getFirst().getInterval().toMillis();
    assertThat(at).isEqualTo(otherAt).isEqualTo(11_500);
  }

  @Test
  void shouldRefuseAnIntervalBelowOneMillisecond() {
    assertThatThrownBy(() -> new TimerChecks(context, Duration.ofNanos(10), millis -> earliestLeft))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1 ms");
  }

  private void runLiveCheckAt(long wallClockMillis) {
    context.setCurrentSystemTimeMs(wallClockMillis);
    onlyLiveCheck().getPunctuator().punctuate(wallClockMillis);
  }

  private CapturedPunctuator onlyLiveCheck() {
    List<CapturedPunctuator> live = liveChecks();
    assertThat(live).hasSize(1);
    return live.getFirst();
  }

  private List<CapturedPunctuator> liveChecks() {
    return context.scheduledPunctuators().stream().filter(p -> !p.cancelled()).toList();
  }
}
