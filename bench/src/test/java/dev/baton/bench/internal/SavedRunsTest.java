package dev.baton.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SavedRunsTest {

  private static final SavedRuns.Identity IDENTITY =
      new SavedRuns.Identity("abc1234", List.of("--runs=[3]"), Map.of("BATON_X", "1"), "25+36");

  private static Table table() {
    return new Table("closed", "Closed loop", "case", "turns", "p50 ms", "turns/s", "mode")
        .row("1x200 EOS", 200L, 16.5, Double.NaN, "EOS")
        .row("1x200 ALOS", 200, 4.1, 221.5, Path.of("kept as text"))
        .note("a note");
  }

  @Test
  void shouldGiveBackTheTablesOfACaseRunInALaterSitting(@TempDir Path dir) throws Exception {
    SavedRuns.open(dir, IDENTITY).save(2, "closed", Duration.ofSeconds(90), List.of(table()));

    SavedRuns later = SavedRuns.open(dir, IDENTITY);

    List<Table> kept = later.load(2, "closed").orElseThrow();
    assertThat(kept).singleElement().satisfies(t -> assertThat(t.text()).isEqualTo(table().text()));
    assertThat(kept.getFirst().markdown()).isEqualTo(table().markdown());
    assertThat(kept.getFirst().value("1x200 EOS", "turns/s")).isNaN();
    assertThat(Table.median(List.of(kept.getFirst(), table(), table())).markdown())
        .isEqualTo(table().markdown());
    assertThat(later.load(1, "closed")).isEmpty();
    assertThat(later.load(2, "http")).isEmpty();
    assertThat(later.measuredSeconds()).isEqualTo(90);
  }

  @Test
  void shouldKeepTheFirstSittingsStartAndLoad(@TempDir Path dir) throws Exception {
    SavedRuns first = SavedRuns.open(dir, IDENTITY);

    SavedRuns second = SavedRuns.open(dir, IDENTITY);

    assertThat(second.started()).isEqualTo(first.started());
    assertThat(second.loadBefore()).isEqualTo(first.loadBefore());
  }

  @Test
  void shouldRefuseARunOfAnotherCommitOrOtherOptions(@TempDir Path dir) throws Exception {
    SavedRuns.open(dir, IDENTITY);

    assertThatThrownBy(
            () ->
                SavedRuns.open(
                    dir, new SavedRuns.Identity("def5678", IDENTITY.options(), Map.of(), "25")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("def5678");
    assertThatThrownBy(
            () ->
                SavedRuns.open(
                    dir,
                    new SavedRuns.Identity(
                        IDENTITY.commit(),
                        List.of("--runs=[1]"),
                        IDENTITY.environment(),
                        IDENTITY.jdk())))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void shouldRefuseToResumeARunOfUncommittedChanges(@TempDir Path dir) throws Exception {
    SavedRuns.Identity dirty =
        new SavedRuns.Identity("abc1234-dirty", List.of(), Map.of(), IDENTITY.jdk());
    SavedRuns.open(dir, dirty);

    assertThatThrownBy(() -> SavedRuns.open(dir, dirty))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("uncommitted");
  }

  @Test
  void shouldKeepNothingWithoutADirectory(@TempDir Path dir) throws Exception {
    SavedRuns none = SavedRuns.none(IDENTITY);

    none.save(1, "closed", Duration.ofSeconds(5), List.of(table()));

    assertThat(none.load(1, "closed")).isEmpty();
    assertThat(none.measuredSeconds()).isZero();
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }
}
