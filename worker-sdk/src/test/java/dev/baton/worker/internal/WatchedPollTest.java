package dev.baton.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.worker.internal.WatchedPoll.Stall;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WatchedPollTest {

  private static final long MS = 1_000_000;

  private final FakeShareConsumer consumer = new FakeShareConsumer();
  private double acknowledgementsSent;
  private double fetchResponses;
  private final WatchedPoll watched =
      new WatchedPoll(
          consumer,
          Optional.of(new FetchSignals(() -> acknowledgementsSent, () -> fetchResponses)),
          Duration.ofMillis(100));

  @Test
  void shouldLeaveAPollThatIsNotWaitingAlone() {
    acknowledgementsSent = 3;

    assertThat(watched.check(0)).isEmpty();
    assertThat(consumer.wakeups()).isZero();
  }

  @Test
  void shouldTellItsOwnAcknowledgementsFromTheConsumers() {
    watched.acknowledged(2);
    acknowledgementsSent = 2;
    watched.waitStarted(0);

    watched.acknowledged(1);
    acknowledgementsSent = 3;

    assertThat(watched.check(MS)).isEmpty();
    assertThat(consumer.wakeups()).isZero();
  }

  @Test
  void shouldWakeAPollWhoseConsumerAcknowledgedControlRecords() {
    watched.waitStarted(0);

    acknowledgementsSent = 1;

    assertThat(watched.check(MS)).contains(Stall.GAP);
    assertThat(consumer.wakeups()).isEqualTo(1);
    assertThat(watched.gapWakeups()).isEqualTo(1);
    assertThat(watched.check(2 * MS)).as("woken once per wait").isEmpty();
  }

  @Test
  void shouldNotWakeAPollWhoseConsumerKeepsReceivingFetchResponses() {
    watched.waitStarted(0);

    for (long t = 50; t <= 500; t += 50) {
      fetchResponses++;
      assertThat(watched.check(t * MS)).isEmpty();
    }
    assertThat(consumer.wakeups()).isZero();
  }

  @Test
  void shouldWakeAPollWhoseConsumerHeardNothingForTheQuietLimit() {
    watched.waitStarted(0);
    fetchResponses = 1;
    assertThat(watched.check(80 * MS)).isEmpty();

    assertThat(watched.check(170 * MS)).isEmpty();
    assertThat(watched.check(181 * MS)).contains(Stall.QUIET);
    assertThat(watched.quietWakeups()).isEqualTo(1);
    assertThat(consumer.wakeups()).isEqualTo(1);
  }

  @Test
  void shouldStopWatchingWhenThePollEnds() {
    watched.waitStarted(0);
    watched.waitEnded();

    acknowledgementsSent = 5;

    assertThat(watched.check(10_000 * MS)).isEmpty();
  }

  @Test
  void shouldNeverWakeAConsumerWithoutSignals() {
    WatchedPoll blind = new WatchedPoll(consumer, Optional.empty(), Duration.ofMillis(1));
    blind.waitStarted(0);

    assertThat(blind.isWatching()).isFalse();
    assertThat(blind.check(10_000 * MS)).isEmpty();
    assertThat(consumer.wakeups()).isZero();
  }
}
