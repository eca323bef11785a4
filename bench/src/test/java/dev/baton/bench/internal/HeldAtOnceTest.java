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

  private static long[] handler(long started, long returned) {
    long[] marks = new long[TurnPoint.values().length];
    marks[TurnPoint.HANDLER_STARTED.ordinal()] = started;
    marks[TurnPoint.HANDLER_RETURNED.ordinal()] = returned;
    return marks;
  }
}
