package dev.baton.coordinator.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RefusalTrackerTest {

  private static final Instant T0 = Instant.parse("2026-12-05T05:00:00Z");
  private final RefusalTracker tracker =
      new RefusalTracker(Duration.ofSeconds(1), Duration.ofSeconds(30));

  @Test
  void shouldFindAPeerDeadOnceItRefusedConnectionsForTheWholeSpan() {
    assertThat(tracker.refused("a:1", T0)).isFalse();
    assertThat(tracker.refused("a:1", T0.plusMillis(999))).isFalse();
    assertThat(tracker.refused("b:1", T0.plusMillis(1000))).isFalse();

    assertThat(tracker.refused("a:1", T0.plusMillis(1000))).isTrue();
  }

  @Test
  void shouldStartOverWhenAConnectionReachesThePeer() {
    tracker.refused("a:1", T0);
    tracker.reached("a:1");

    assertThat(tracker.refused("a:1", T0.plusMillis(1500))).isFalse();
    assertThat(tracker.refused("a:1", T0.plusMillis(2500))).isTrue();
  }

  @Test
  void shouldNotFindTheSamePeerDeadAgainWithinTheHold() {
    tracker.refused("a:1", T0);
    assertThat(tracker.refused("a:1", T0.plusSeconds(1))).isTrue();

    assertThat(tracker.refused("a:1", T0.plusSeconds(2))).isFalse();
    assertThat(tracker.refused("a:1", T0.plusSeconds(30))).isFalse();
    assertThat(tracker.refused("a:1", T0.plusSeconds(31))).isFalse();
    assertThat(tracker.refused("a:1", T0.plusSeconds(32))).isTrue();
  }

  @Test
  void shouldRefuseASpanThatIsNotPositive() {
    assertThatThrownBy(() -> new RefusalTracker(Duration.ZERO, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
