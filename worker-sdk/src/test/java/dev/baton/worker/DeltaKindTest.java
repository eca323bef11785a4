package dev.baton.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeltaKindTest {

  @Test
  void shouldNameTheKindsTheStreamShows() {
    assertThat(DeltaKind.TEXT.name()).isEqualTo("text");
    assertThat(DeltaKind.REASONING).isEqualTo(DeltaKind.of("reasoning"));
    assertThat(DeltaKind.of("tool_progress.v2").toString()).isEqualTo("tool_progress.v2");
    assertThat(DeltaKind.of("a".repeat(DeltaKind.MAX_LENGTH)).name()).hasSize(32);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Text", "1st", "-x", "with space", "naïve"})
  void shouldRefuseANameOutsideThePattern(String name) {
    assertThatThrownBy(() -> DeltaKind.of(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + name + "'")
        .hasMessageContaining(DeltaKind.PATTERN.pattern());
  }

  @Test
  void shouldRefuseANameLongerThan32() {
    assertThatThrownBy(() -> DeltaKind.of("a".repeat(DeltaKind.MAX_LENGTH + 1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
