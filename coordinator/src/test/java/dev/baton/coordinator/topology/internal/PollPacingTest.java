package dev.baton.coordinator.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import org.junit.jupiter.api.Test;

class PollPacingTest {

  private static final Duration BRIEF = Duration.ofMillis(1);
  private static final Duration IDLE = Duration.ofMillis(20);

  /** Runs {@code poll} on a thread of its own, as each stream thread has its own pacing. */
  private static FutureTask<Duration> onNewThread(Callable<Duration> poll) {
    FutureTask<Duration> task = new FutureTask<>(poll);
    Thread.ofPlatform().start(task);
    return task;
  }

  @Test
  void shouldWaitTheCommitIntervalWhenNoTaskNeedsBriefPolls() throws Exception {
    Duration onAFreshThread = onNewThread(() -> PollPacing.pollTime(BRIEF, BRIEF, IDLE)).get();

    assertThat(onAFreshThread).isEqualTo(IDLE);
  }

  @Test
  void shouldPollBrieflyWhileATaskOfTheThreadMayAskForAnIdleCommit() throws Exception {
    Duration whileBrief = pollAfter(Duration.ofMinutes(1), Duration.ZERO);
    Duration onAnotherThread = onNewThread(() -> PollPacing.pollTime(BRIEF, BRIEF, IDLE)).get();

    assertThat(whileBrief).isEqualTo(BRIEF);
    assertThat(onAnotherThread).as("brief polls are per thread").isEqualTo(IDLE);
  }

  @Test
  void shouldWaitLongAgainOnceTheWindowHasPassed() throws Exception {
    assertThat(pollAfter(Duration.ofNanos(1), Duration.ofNanos(1_000))).isEqualTo(IDLE);
  }

  @Test
  void shouldKeepTheLongerOfTwoWindows() throws Exception {
    Duration afterAShorterOne =
        onNewThread(
                () -> {
                  PollPacing.briefFor(Duration.ofMinutes(1));
                  PollPacing.briefFor(Duration.ZERO);
                  return PollPacing.pollTime(BRIEF, BRIEF, IDLE);
                })
            .get();

    assertThat(afterAShorterOne).isEqualTo(BRIEF);
  }

  /** The poll on a new thread {@code after} a brief window of {@code window} began. */
  private static Duration pollAfter(Duration window, Duration after) throws Exception {
    return onNewThread(
            () -> {
              PollPacing.briefFor(window);
              long until = System.nanoTime() + after.toNanos();
              while (System.nanoTime() - until < 0) {
                Thread.onSpinWait();
              }
              return PollPacing.pollTime(BRIEF, BRIEF, IDLE);
            })
        .get();
  }

  @Test
  void shouldKeepAPollOfAnyOtherLengthAsAsked() throws Exception {
    Duration zero = onNewThread(() -> PollPacing.pollTime(Duration.ZERO, BRIEF, IDLE)).get();

    assertThat(zero).as("Kafka Streams polls for zero while tasks restore").isZero();
  }
}
