package dev.baton.coordinator.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.schemas.avro.SessionEvent;
import dev.baton.schemas.avro.StepAssigned;
import dev.baton.schemas.avro.StreamDelta;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StreamSubscriptionTest {

  private final List<StreamSubscription> closed = new ArrayList<>();

  @Test
  void shouldCutOffAClientThatLetsItsBufferFillAfterTheEventsBufferedBefore()
      throws InterruptedException {
    StreamSubscription subscription =
        new StreamSubscription("s-1", "t-1", TurnCursor.before("s-1", "t-1", 0, 0), 2, closed::add);
    subscription.filter().onEvent(0, assigned());
    subscription.filter().onDelta(0, delta(0, "a"));
    subscription.filter().onDelta(1, delta(1, "b")); // the buffer holds two: this one is cut

    assertThat(subscription.done()).as("the reader drops it").isTrue();
    assertThat(subscription.isCut()).as("not before the buffered events are read").isFalse();
    Optional<TurnStreamEvent> first = subscription.next(Duration.ofMillis(1));
    Optional<TurnStreamEvent> second = subscription.next(Duration.ofMillis(1));
    assertThat(first.map(TurnStreamEvent::type)).contains("step.started");
    assertThat(second.map(e -> e.data().get("text"))).contains("a");
    assertThat(subscription.next(Duration.ofSeconds(5))).as("at once, no wait").isEmpty();
    assertThat(subscription.isCut()).isTrue();
    // The client resumes after the last event it got: the cut delta comes next.
    StreamSubscription resumed =
        new StreamSubscription("s-1", "t-1", (TurnCursor) second.get().cursor(), 2, closed::add);
    resumed.filter().onEvent(0, assigned());
    resumed.filter().onDelta(0, delta(0, "a"));
    resumed.filter().onDelta(1, delta(1, "b"));
    assertThat(resumed.nextBuffered().map(e -> e.data().get("text"))).contains("b");
    assertThat(resumed.nextBuffered()).isEmpty();
  }

  @Test
  void shouldTellItsReaderWhenTheClientCloses() {
    StreamSubscription subscription =
        new StreamSubscription("s-1", "t-1", TurnCursor.before("s-1", "t-1", 0, 0), 2, closed::add);

    subscription.close();

    assertThat(closed).containsExactly(subscription);
  }

  private static SessionEvent assigned() {
    return new SessionEvent(
        "e-0", 0L, "s-1", "t-1", Instant.EPOCH, null, new StepAssigned("a", 0, 0, 1L, 1000L, 0));
  }

  private static StreamDelta delta(int index, String text) {
    return new StreamDelta("s-1", "t-1", 0, 0, index, null, text, false, 1L, 1, "text");
  }
}
