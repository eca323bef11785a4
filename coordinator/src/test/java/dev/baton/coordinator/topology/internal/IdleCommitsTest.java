package dev.baton.coordinator.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.schemas.avro.TurnSignal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.junit.jupiter.api.Test;

class IdleCommitsTest {

  private final MockProcessorContext<String, String> context = new MockProcessorContext<>();
  private final AtomicLong threadCommits = new AtomicLong();
  private final AtomicLong quietPolls = new AtomicLong();
  private final IdleCommits commits =
      new IdleCommits(context, Duration.ofMillis(1), threadCommits::get, quietPolls::get);

  @Test
  void shouldScheduleNoCheckBeforeTheTaskProcessesAnything() {
    // Kafka Streams marks a task as needing a commit after each wall-clock punctuation it runs.
    assertThat(context.scheduledPunctuators()).isEmpty();
  }

  @Test
  void shouldCheckOnTheWallClockEveryQuietIntervalOnceTheTaskProcessed() {
    commits.processed(false);
    commits.processed(false);

    CapturedPunctuator punctuator = context.scheduledPunctuators().getFirst();
    assertThat(context.scheduledPunctuators()).hasSize(1);
    assertThat(punctuator.getType()).isEqualTo(PunctuationType.WALL_CLOCK_TIME);
    assertThat(punctuator.getInterval()).isEqualTo(Duration.ofMillis(1));
    assertThat(punctuator.cancelled()).isFalse();
  }

  @Test
  void shouldRequestACommitAtTheFirstCheckThatFoundTheInputQuietAndStopChecking() {
    commits.processed(false);
    CapturedPunctuator punctuator = context.scheduledPunctuators().getFirst();

    punctuator.getPunctuator().punctuate(1);
    assertThat(context.committed()).as("the record came in since the last check").isFalse();
    punctuator.getPunctuator().punctuate(2);

    assertThat(context.committed()).isTrue();
    assertThat(punctuator.cancelled()).isTrue();
  }

  @Test
  void shouldRequestACommitAtTheFirstCheckAfterAQuietPollForWorkAWorkerWaitsFor() {
    commits.processed(true);
    CapturedPunctuator punctuator = context.scheduledPunctuators().getFirst();
    quietPolls.incrementAndGet();

    punctuator.getPunctuator().punctuate(1);

    assertThat(context.committed()).isTrue();
    assertThat(punctuator.cancelled()).isTrue();
  }

  @Test
  void shouldKeepTheWholeQuietCheckAfterAQuietPollForWorkNoWorkerWaitsFor() {
    // Through the HTTP API the caller has its answer; its next request would meet the commit.
    commits.processed(false);
    CapturedPunctuator punctuator = context.scheduledPunctuators().getFirst();
    quietPolls.incrementAndGet();

    punctuator.getPunctuator().punctuate(1);
    assertThat(context.committed()).isFalse();
    punctuator.getPunctuator().punctuate(2);

    assertThat(context.committed()).isTrue();
  }

  @Test
  void shouldNotCountAQuietPollThatCameBeforeTheLastRecord() {
    commits.processed(true);
    quietPolls.incrementAndGet();
    commits.processed(false);
    CapturedPunctuator punctuator = context.scheduledPunctuators().getFirst();

    punctuator.getPunctuator().punctuate(1);

    assertThat(context.committed()).as("records came in after the empty poll").isFalse();
    assertThat(punctuator.cancelled()).isFalse();
  }

  @Test
  void shouldForgetTheWaitingWorkersOnceTheWorkIsCommitted() {
    commits.processed(true);
    quietPolls.incrementAndGet();
    context.scheduledPunctuators().getFirst().getPunctuator().punctuate(1);
    context.resetCommit();

    commits.processed(false);
    quietPolls.incrementAndGet();
    context.scheduledPunctuators().get(1).getPunctuator().punctuate(2);

    assertThat(context.committed()).isFalse();
  }

  @Test
  void shouldTellTheWorkAWorkerWaitsFor() {
    assertThat(IdleCommits.workersWaitFor(List.of(new Effect.Signal(new TurnSignal())))).isTrue();
    assertThat(IdleCommits.workersWaitFor(List.of())).isFalse();
  }

  @Test
  void shouldWaitForAQuietCheckWhileRecordsKeepComing() {
    commits.processed(false);
    CapturedPunctuator punctuator = context.scheduledPunctuators().getFirst();

    for (long now = 1; now <= 100; now++) {
      commits.processed(false);
      punctuator.getPunctuator().punctuate(now);
    }
    assertThat(context.committed()).isFalse();
    assertThat(punctuator.cancelled()).isFalse();

    punctuator.getPunctuator().punctuate(101);
    assertThat(context.committed()).isTrue();
    assertThat(punctuator.cancelled()).isTrue();
  }

  @Test
  void shouldRequestOneCommitPerQuietSpellAndCheckAgainForTheNextOne() {
    commits.processed(false);
    context.scheduledPunctuators().getFirst().getPunctuator().punctuate(1);
    context.scheduledPunctuators().getFirst().getPunctuator().punctuate(2);
    context.resetCommit();

    commits.processed(false);

    assertThat(context.scheduledPunctuators()).hasSize(2);
    CapturedPunctuator second = context.scheduledPunctuators().get(1);
    assertThat(second.cancelled()).isFalse();
    second.getPunctuator().punctuate(3);
    second.getPunctuator().punctuate(4);
    assertThat(context.committed()).isTrue();
    assertThat(second.cancelled()).isTrue();
  }

  @Test
  void shouldStopWithoutAskingOnceTheThreadCommittedTheTasksWork() {
    // A thread's commit takes every task that processed records: asking again would make a
    // transaction of input offsets alone.
    commits.processed(false);
    CapturedPunctuator punctuator = context.scheduledPunctuators().getFirst();
    threadCommits.incrementAndGet();

    punctuator.getPunctuator().punctuate(1);

    assertThat(context.committed()).isFalse();
    assertThat(punctuator.cancelled()).isTrue();
  }

  @Test
  void shouldStillAskForRecordsProcessedAfterTheThreadsLastCommit() {
    commits.processed(false);
    threadCommits.incrementAndGet();
    commits.processed(false);
    CapturedPunctuator punctuator = context.scheduledPunctuators().getFirst();

    punctuator.getPunctuator().punctuate(1);
    punctuator.getPunctuator().punctuate(2);

    assertThat(context.committed()).isTrue();
    assertThat(punctuator.cancelled()).isTrue();
  }
}
