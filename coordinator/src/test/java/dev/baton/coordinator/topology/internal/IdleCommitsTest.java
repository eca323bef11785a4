package dev.baton.coordinator.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.junit.jupiter.api.Test;

class IdleCommitsTest {

  private final MockProcessorContext<String, String> context = new MockProcessorContext<>();
  private final IdleCommits commits = IdleCommits.schedule(context, Duration.ofMillis(1));

  @Test
  void shouldCheckOnTheWallClockEveryQuietInterval() {
    CapturedPunctuator punctuator = context.scheduledPunctuators().getFirst();

    assertThat(punctuator.getType()).isEqualTo(PunctuationType.WALL_CLOCK_TIME);
    assertThat(punctuator.getInterval()).isEqualTo(Duration.ofMillis(1));
  }

  @Test
  void shouldRequestACommitAtTheFirstCheckThatFoundTheInputQuiet() {
    commits.processed();

    commits.check(1);
    assertThat(context.committed()).as("records came in since the last check").isFalse();
    commits.check(2);
    assertThat(context.committed()).isTrue();
  }

  @Test
  void shouldRequestNothingWhileTheInputKeepsComing() {
    for (long now = 1; now <= 100; now++) {
      commits.processed();
      commits.check(now);
    }

    assertThat(context.committed()).isFalse();
  }

  @Test
  void shouldRequestOneCommitPerQuietSpellAndNoneWithNothingProcessed() {
    commits.check(1);
    commits.check(2);
    assertThat(context.committed()).as("nothing was processed").isFalse();

    commits.processed();
    commits.check(3);
    commits.check(4);
    assertThat(context.committed()).isTrue();
    context.resetCommit();
    commits.check(5);
    commits.check(6);
    assertThat(context.committed()).as("already requested for this spell").isFalse();
  }
}
