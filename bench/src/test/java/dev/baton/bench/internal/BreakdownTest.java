package dev.baton.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BreakdownTest {

  /** A turn that reaches each point {@code stepMicros[i]} after the previous one, from 1,000. */
  private static long[] turn(long... stepMicros) {
    long[] times = new long[TurnPoint.values().length];
    long at = 1_000;
    times[0] = at;
    for (int i = 1; i < times.length; i++) {
      at += stepMicros[i - 1];
      times[i] = at;
    }
    return times;
  }

  @Test
  void shouldTakeTheMedianOfEachSegmentAndOfTheWholeWay() {
    List<Breakdown.Segment> segments =
        Breakdown.of(
            List.of(
                turn(1000, 2000, 0, 0, 0, 0, 0, 0),
                turn(3000, 4000, 0, 0, 0, 0, 0, 0),
                turn(2000, 9000, 0, 0, 0, 0, 0, 0)));

    assertThat(segments).hasSize(TurnPoint.values().length);
    assertThat(segments.get(0).from()).isEqualTo(TurnPoint.SENT);
    assertThat(segments.get(0).to()).isEqualTo(TurnPoint.COMMAND_APPENDED);
    assertThat(segments.get(0).medianMillis()).isEqualTo(2.0);
    assertThat(segments.get(1).medianMillis()).isEqualTo(4.0);
    Breakdown.Segment whole = segments.getLast();
    assertThat(whole.from()).isEqualTo(TurnPoint.SENT);
    assertThat(whole.to()).isEqualTo(TurnPoint.TERMINAL_SEEN);
    assertThat(whole.medianMillis()).isEqualTo(7.0); // 3, 7, 11
    assertThat(whole.turns()).isEqualTo(3);
  }

  @Test
  void shouldTakeTheNearestRank95thPercentileOfEachSegment() {
    List<long[]> turns = new ArrayList<>();
    for (int i = 1; i <= 40; i++) {
      turns.add(turn(i * 1000L, 0, 0, 0, 0, 0, 0, 0));
    }

    Breakdown.Segment sent = Breakdown.of(turns).getFirst();

    assertThat(sent.medianMillis()).isEqualTo(20.5);
    assertThat(sent.p95Millis()).isEqualTo(38.0); // the 38th of 40
    assertThat(Breakdown.of(List.of(turn(5000, 0, 0, 0, 0, 0, 0, 0))).getFirst().p95Millis())
        .isEqualTo(5.0);
  }

  @Test
  void shouldLeaveOutTurnsThatMissAnEndOfTheSegment() {
    long[] unseen = turn(1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000);
    unseen[TurnPoint.ASSIGNMENT_WRITTEN.ordinal()] = 0;

    List<Breakdown.Segment> segments =
        Breakdown.of(List.of(unseen, turn(5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000)));

    assertThat(segments.get(0).turns()).isEqualTo(2);
    assertThat(segments.get(0).medianMillis()).isEqualTo(3.0); // mean of the middle two
    assertThat(segments.get(1).turns()).isEqualTo(1);
    assertThat(segments.get(1).medianMillis()).isEqualTo(5.0);
    assertThat(segments.get(1).label()).isEqualTo("command appended -> assignment written");
    assertThat(segments.get(1).httpLabel()).isEqualTo(segments.get(1).label());
    assertThat(segments.getFirst().httpLabel()).isEqualTo("request sent -> command appended");
    assertThat(segments.getLast().httpLabel())
        .isEqualTo("request sent -> answer received by the client");
  }

  @Test
  void shouldAnswerNaNForASegmentNoTurnHadBothEndsOf() {
    assertThat(Breakdown.of(List.of()).getFirst().medianMillis()).isNaN();
    assertThat(Breakdown.of(List.of()).getFirst().p95Millis()).isNaN();
  }

  @Test
  void shouldKeepTheFirstMarkOfAPointAndFilterTurnsByPrefix() {
    TurnTimes times = new TurnTimes();
    times.mark("run-seq-s0-t0", TurnPoint.SENT, 10);
    times.mark("run-seq-s0-t0", TurnPoint.SENT, 20);
    times.markMillis("run-seq-s0-t0", TurnPoint.COMMAND_APPENDED, 3);
    times.mark("run-warm-s0-t0", TurnPoint.SENT, 30);

    List<long[]> seq = times.of("run-seq-");

    assertThat(seq).hasSize(1);
    assertThat(seq.getFirst()[TurnPoint.SENT.ordinal()]).isEqualTo(10);
    assertThat(seq.getFirst()[TurnPoint.COMMAND_APPENDED.ordinal()]).isEqualTo(3000);
    TurnTimes.NONE.mark("x", TurnPoint.SENT, 1);
    assertThat(TurnTimes.NONE.of("")).isEmpty();
  }
}
