package dev.baton.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HeldAtOnceTest {

  @Test
  void shouldCountTheMostHandlersRunningAtOneInstant() {
    List<long[]> turns =
        List.of(handler(10, 20), handler(15, 30), handler(18, 19), handler(30, 40));

    assertThat(HeldAtOnce.most(turns)).isEqualTo(3);
  }

  @Test
  void shouldNotOverlapAHandlerThatReturnedAsAnotherStarted() {
    assertThat(HeldAtOnce.most(List.of(handler(10, 20), handler(20, 30)))).isEqualTo(1);
  }

  @Test
  void shouldLeaveOutATurnWithoutBothMarks() {
    assertThat(HeldAtOnce.most(List.of(handler(10, 20), handler(12, 0)))).isEqualTo(1);
  }

  @Test
  void shouldTimeTheLastHandlerStartFromTheFirstSend() {
    long[] first = handler(5_000, 9_000);
    first[TurnPoint.SENT.ordinal()] = 1_000;
    long[] last = handler(251_000, 0);
    last[TurnPoint.SENT.ordinal()] = 2_000;

    assertThat(HeldAtOnce.lastMillis(List.of(first, last), TurnPoint.HANDLER_STARTED))
        .isEqualTo(250.0);
    assertThat(HeldAtOnce.lastMillis(List.of(handler(5_000, 9_000)), TurnPoint.HANDLER_STARTED))
        .isNaN();
  }

  @Test
  void shouldTimeTheLastAssignmentCommittedFromTheFirstSend() {
    long[] first = handler(5_000, 9_000);
    first[TurnPoint.SENT.ordinal()] = 1_000;
    first[TurnPoint.ASSIGNMENT_COMMITTED.ordinal()] = 3_000;
    long[] last = handler(0, 0);
    last[TurnPoint.SENT.ordinal()] = 1_500;
    last[TurnPoint.ASSIGNMENT_COMMITTED.ordinal()] = 121_000;

    assertThat(HeldAtOnce.lastMillis(List.of(first, last), TurnPoint.ASSIGNMENT_COMMITTED))
        .isEqualTo(120.0);
  }

  private static long[] handler(long started, long returned) {
    long[] marks = new long[TurnPoint.values().length];
    marks[TurnPoint.HANDLER_STARTED.ordinal()] = started;
    marks[TurnPoint.HANDLER_RETURNED.ordinal()] = returned;
    return marks;
  }
}
