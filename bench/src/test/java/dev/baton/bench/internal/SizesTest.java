package dev.baton.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SizesTest {

  @Test
  void shouldReadAShapeAndReplaceTheClosedLoopsWithIt() {
    Sizes sizes = Sizes.full().withClosedLoop(List.of(Sizes.Shape.parse(" 1000x20")));

    assertThat(sizes.closedLoop()).containsExactly(new Sizes.Shape(1000, 20));
    assertThat(sizes.profiled()).isEqualTo(new Sizes.Shape(1000, 20));
    assertThat(sizes.scaleSessions()).isEqualTo(Sizes.full().scaleSessions());
  }

  @Test
  void shouldProfileAndTargetThroughputAt1000x20WheneverItIsAShape() {
    Sizes sizes =
        Sizes.full().withClosedLoop(List.of(new Sizes.Shape(1, 200), new Sizes.Shape(1000, 20)));

    assertThat(sizes.profiled()).isEqualTo(new Sizes.Shape(1000, 20));
    assertThat(Sizes.full().profiled()).isEqualTo(new Sizes.Shape(1000, 20));
    assertThat(Sizes.quick().profiled()).isEqualTo(new Sizes.Shape(100, 10));
  }

  @Test
  void shouldRunTheHttpLoopAtTheClosedShapesButTheLargestUnlessShapesAreGiven() {
    assertThat(Sizes.full().httpLoop())
        .containsExactly(
            new Sizes.Shape(1, 200), new Sizes.Shape(100, 200), new Sizes.Shape(1000, 20));
    assertThat(Sizes.full().withBudget(java.time.Duration.ofSeconds(5)).httpLoop())
        .isEqualTo(Sizes.full().httpLoop());
    assertThat(Sizes.full().withClosedLoop(List.of(new Sizes.Shape(10, 10))).httpLoop())
        .containsExactly(new Sizes.Shape(10, 10));
  }

  @Test
  void shouldNameTheStreamsRowsAfterTheirSizesAndKeepThemWhenShapesChange() {
    Sizes.Streams streams = Sizes.full().streams();

    assertThat(streams.liveRow()).isEqualTo("1000 streams x 200 deltas, 20 ms apart");
    assertThat(streams.idleRow()).isEqualTo("10000 idle feeds");
    assertThat(streams.offeredPerSecond()).isEqualTo(50_000.0);
    assertThat(Sizes.quick().streams().live()).isEqualTo(100);
    assertThat(Sizes.full().withClosedLoop(List.of(new Sizes.Shape(1, 1))).streams())
        .isEqualTo(streams);
  }

  @Test
  void shouldReadOtherLiveStreamsAndIdleFeeds() {
    Sizes.Streams streams = Sizes.quick().streams().withLive(" 1000x50@100").withIdle(0);

    assertThat(streams).isEqualTo(new Sizes.Streams(1000, 50, java.time.Duration.ofMillis(100), 0));
    assertThat(Sizes.quick().withStreams(streams).streams()).isEqualTo(streams);
    assertThatThrownBy(() -> streams.withIdle(-1)).hasMessageContaining("0 or more");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1000", "1000x200", "1000@20x200", "0x200@20", "10x0@20", "1x1@0"})
  void shouldRefuseWhatAreNotLiveStreams(String text) {
    assertThatThrownBy(() -> Sizes.quick().streams().withLive(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("STREAMSxDELTAS@MS");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1000", "1000x", "x20", "0x20", "10x-1", "axb", "1x2x3"})
  void shouldRefuseWhatIsNotAShape(String text) {
    assertThatThrownBy(() -> Sizes.Shape.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SESSIONSxTURNS");
  }

  @Test
  void shouldTakeOtherScaleSessionsAndRefuseNone() {
    assertThat(Sizes.full().scaleSessions()).isEqualTo(1_000_000);
    assertThat(Sizes.quick().withScaleSessions(200).scaleSessions()).isEqualTo(200);
    assertThatThrownBy(() -> Sizes.quick().withScaleSessions(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0 is not a number of sessions");
  }

  @Test
  void shouldTakeAnotherRecordedShapeAndKeepTheRest() {
    Sizes.Shape longSession = Sizes.Shape.parse("1x1000");

    Sizes sizes = Sizes.full().withRecordedShape(longSession);

    assertThat(Sizes.full().recorded()).isEqualTo(new Sizes.Shape(100, 10));
    assertThat(sizes.recorded()).isEqualTo(longSession);
    assertThat(sizes.closedLoop()).isEqualTo(Sizes.full().closedLoop());
    assertThat(sizes.scaleSessions()).isEqualTo(Sizes.full().scaleSessions());
  }

  @Test
  void shouldReadOtherSteerSizes() {
    Sizes.Steer steer = Sizes.Steer.parse("5x3@50");

    assertThat(steer).isEqualTo(new Sizes.Steer(5, 3, java.time.Duration.ofMillis(50)));
    assertThat(Sizes.full().steer().row()).isEqualTo("20 turns x 10 messages, 200 ms apart");
    assertThat(Sizes.quick().withSteer(steer).steer()).isEqualTo(steer);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "20x10", "20@200x10", "0x10@200", "20x0@200", "20x10@0"})
  void shouldRefuseWhatAreNotSteerSizes(String text) {
    assertThatThrownBy(() -> Sizes.Steer.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SESSIONSxMESSAGES@MS");
  }

  @Test
  void shouldRefuseMoreSteeredMessagesThanATurnHasSteps() {
    assertThatThrownBy(() -> Sizes.Steer.parse("1x31@200"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 to 30 messages");
  }
}
