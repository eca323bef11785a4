package dev.baton.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StreamingAgentTest {

  @Test
  void shouldReadThePlanItsInputAsksFor() {
    StreamingAgent.Plan gated = new StreamingAgent.Plan(200, Duration.ofMillis(20), true);

    assertThat(gated.input()).isEqualTo("bench-stream 200 20 gated");
    assertThat(StreamingAgent.Plan.of(gated.input())).contains(gated);
    assertThat(StreamingAgent.Plan.of("bench-stream 3 0"))
        .contains(new StreamingAgent.Plan(3, Duration.ZERO, false));
  }

  @ParameterizedTest
  @ValueSource(strings = {"hello", "bench-stream 3", "bench-stream 3 20 later", "stream 3 20"})
  void shouldTakeAnyOtherInputForAPlainTurn(String input) {
    assertThat(StreamingAgent.Plan.of(input)).isEmpty();
  }

  @Test
  void shouldStampADeltaWithItsIndexAndEmitTime() {
    StampedDelta delta = new StampedDelta(7, 123_456_789_012L);

    assertThat(delta.text()).isEqualTo("7:123456789012 ");
    assertThat(StampedDelta.parse(delta.text())).isEqualTo(delta);
    assertThat(StampedDelta.parse("0:-5 ")).isEqualTo(new StampedDelta(0, -5));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "7:12", "7 12 ", ":12 ", "a:12 ", "7:b "})
  void shouldRefuseTextThatIsNotAStampedDelta(String text) {
    assertThatThrownBy(() -> StampedDelta.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a stamped delta");
    assertThatThrownBy(() -> StampedDelta.parseAll(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a stamped delta");
  }

  @Test
  void shouldReadTheDeltasOfOneTextInTheOrderEmitted() {
    StampedDelta first = new StampedDelta(3, 10);
    StampedDelta second = new StampedDelta(4, 20);

    assertThat(StampedDelta.parseAll(first.text() + second.text())).containsExactly(first, second);
    assertThat(StampedDelta.parseAll(first.text())).containsExactly(first);
    assertThatThrownBy(() -> StampedDelta.parseAll(first.text() + "4:20"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldHoldStepsAtTheGateUntilEveryStreamStartedAndCountLaterOnesLate() throws Exception {
    StreamGate gate = new StreamGate(1);
    Thread step = Thread.ofVirtual().start(() -> awaitQuietly(gate));

    assertThat(gate.awaitOpen(Duration.ofMillis(50))).isFalse();
    gate.streamStarted();

    assertThat(gate.awaitOpen(Duration.ofSeconds(10))).isTrue();
    step.join(Duration.ofSeconds(10));
    assertThat(step.isAlive()).isFalse();
    gate.arriveAndAwait();
    assertThat(gate.started()).isEqualTo(1);
    assertThat(gate.arrived()).isEqualTo(2);
    assertThat(gate.late()).isEqualTo(1);
    assertThat(gate.mostLateSeconds()).isGreaterThanOrEqualTo(0);
  }

  private static void awaitQuietly(StreamGate gate) {
    try {
      gate.arriveAndAwait();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
