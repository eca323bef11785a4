package dev.baton.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.baton.bench.internal.FailoverLoad.Answer;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionGapsTest {

  private static final long S = 1_000_000_000L;
  private static final int SURVIVOR = 8080;
  private static final int KILLED = 8090;
  private static final int RESTARTED = 8091;

  /** Session 0 was the killed instance's, session 1 the survivor's; the kill at 10 s. */
  private final SessionGaps gaps =
      new SessionGaps(
          List.of(
              List.of(
                  at(1, KILLED),
                  at(9, KILLED),
                  at(17, SURVIVOR),
                  at(25, SURVIVOR),
                  at(60, RESTARTED)),
              List.of(
                  at(1, SURVIVOR),
                  at(5, SURVIVOR),
                  at(11, SURVIVOR),
                  at(21, SURVIVOR),
                  at(62, SURVIVOR))));

  private static Answer at(long seconds, int owner) {
    return new Answer(seconds * S, owner, "completed");
  }

  @Test
  void shouldTakeTheLongestGapOverlappingAPhaseOfTheSessionsCounted() {
    assertThat(gaps.longest(10 * S, 20 * S, session -> session == 0)).isCloseTo(8, within(1e-9));
    assertThat(gaps.longest(10 * S, 20 * S, session -> session == 1)).isCloseTo(10, within(1e-9));
    assertThat(gaps.longest(20 * S, 70 * S, session -> true)).isCloseTo(41, within(1e-9));
  }

  @Test
  void shouldCountTheGapFromTheLastAnswerToThePhasesEnd() {
    assertThat(gaps.longest(62 * S, 100 * S, session -> session == 0)).isCloseTo(40, within(1e-9));
  }

  @Test
  void shouldTakeOnlyTheGapsWhollyWithinAStretchForTheSteadyState() {
    assertThat(gaps.longestWithin(0, 10 * S)).isCloseTo(8, within(1e-9));
    assertThat(gaps.longestWithin(2 * S, 10 * S)).isCloseTo(0, within(1e-9));
  }

  @Test
  void shouldTakeTheMedianOfTheGapsWhollyWithinAStretchAsTheTurnTime() {
    assertThat(gaps.medianWithin(0, 12 * S)).isCloseTo(6, within(1e-9)); // 4, 6 and 8 s
    assertThat(gaps.medianWithin(2 * S, 10 * S)).isCloseTo(0, within(1e-9));
  }

  @Test
  void shouldTellOwnersAndWhenAnInstanceServedFirst() {
    assertThat(gaps.ownerBefore(0, 10 * S)).isEqualTo(KILLED);
    assertThat(gaps.ownerBefore(1, 10 * S)).isEqualTo(SURVIVOR);
    assertThat(gaps.firstServedBy(RESTARTED, 20 * S)).isCloseTo(40, within(1e-9));
    assertThat(gaps.firstServedBy(KILLED, 20 * S)).isEqualTo(-1);
  }
}
