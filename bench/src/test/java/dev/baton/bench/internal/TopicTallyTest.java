package dev.baton.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopicTallyTest {

  @Test
  void shouldCountMarkersAsOffsetsNotReadAndAbortedAsRecordsNotCommitted() {
    // 10 offsets: 7 data records of which 5 committed, so 2 aborted and 3 markers.
    TopicTally tally = new TopicTally("events", 10, 7, 5, 1, 700, 70);

    assertThat(tally.markers()).isEqualTo(3);
    assertThat(tally.aborted()).isEqualTo(2);
  }

  @Test
  void shouldSumTalliesUnderANewName() {
    TopicTally sum =
        TopicTally.sum(
            "total",
            List.of(
                new TopicTally("a", 4, 3, 3, 1, 30, 1), new TopicTally("b", 6, 4, 2, 2, 50, 2)));

    assertThat(sum).isEqualTo(new TopicTally("total", 10, 7, 5, 3, 80, 3));
    assertThat(sum.renamed("x").topic()).isEqualTo("x");
  }

  @Test
  void shouldDivideEveryFigureByTheTurnsInItsRow() {
    Object[] row = new TopicTally("commands", 30, 20, 20, 5, 2000, 100).perTurnRow(10);

    assertThat(row).containsExactly("commands", 3.0, 2.0, 2.0, 0.0, 1.0, 0.5, 200.0, 10.0);
    assertThat(row).hasSameSizeAs(TopicTally.perTurnHeaders());
  }

  @Test
  void shouldNotDivideByZeroTurns() {
    assertThat(new TopicTally("t", 5, 5, 5, 0, 50, 0).perTurnRow(0)[1]).isEqualTo(5.0);
  }
}
