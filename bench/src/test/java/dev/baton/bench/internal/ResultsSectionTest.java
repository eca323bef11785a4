package dev.baton.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResultsSectionTest {

  @Test
  void shouldReplaceOnlyTheGeneratedPart() {
    String doc =
        "# Benchmarks\n\nintro\n\n"
            + ResultsSection.BEGIN
            + "\nold\n"
            + ResultsSection.END
            + "\n\n## Analysis\n\nkept\n";

    String updated = ResultsSection.replace(doc, "new");

    assertThat(updated)
        .startsWith("# Benchmarks\n\nintro\n\n" + ResultsSection.BEGIN + "\n\nnew\n\n")
        .endsWith(ResultsSection.END + "\n\n## Analysis\n\nkept\n")
        .doesNotContain("old");
  }

  @Test
  void shouldAppendTheSectionToADocumentWithoutMarkers() {
    assertThat(ResultsSection.replace("# Benchmarks\n", "new"))
        .isEqualTo(
            "# Benchmarks\n\n" + ResultsSection.BEGIN + "\n\nnew\n\n" + ResultsSection.END + "\n");
  }
}
