package dev.baton.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {

  private static Table run(double rate, long errors) {
    return new Table("t", "T", "case", "turns/s", "errors", "mode").row("a", rate, errors, "EOS");
  }

  @Test
  void shouldTakeTheMedianOfNumericCellsAndKeepText() {
    Table median = Table.median(List.of(run(10, 1), run(30, 7), run(20, 3)));

    assertThat(median.value("a", "turns/s")).isEqualTo(20.0);
    assertThat(median.value("a", "errors")).isEqualTo(3.0);
    assertThat(median.markdown()).contains("| a | 20.0 | 3 | EOS |");
  }

  @Test
  void shouldTakeEachRowsMedianOverTheSameRowWhenTheRowsComeInAnotherOrderEachRun() {
    Table median =
        Table.median(
            List.of(
                pair("one", 1, "two", 100),
                pair("two", 300, "one", 3),
                pair("one", 2, "two", 200)));

    assertThat(median.value("one", "turns/s")).isEqualTo(2.0);
    assertThat(median.value("two", "turns/s")).isEqualTo(200.0);
  }

  private static Table pair(String first, double firstRate, String second, double secondRate) {
    return new Table("t", "T", "case", "turns/s").row(first, firstRate).row(second, secondRate);
  }

  @Test
  void shouldAnswerNaNForAMissingRowOrColumn() {
    assertThat(run(1, 0).value("b", "turns/s")).isNaN();
    assertThat(run(1, 0).value("a", "nope")).isNaN();
  }

  @Test
  void shouldRefuseARowOfTheWrongWidth() {
    assertThatThrownBy(() -> new Table("t", "T", "a", "b").row("x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs 2 cells");
  }

  @Test
  void shouldAlignTextColumns() {
    assertThat(run(1234.5, 0).text()).contains("case  turns/s  errors  mode");
  }
}
