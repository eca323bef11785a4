package dev.baton.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunOrderTest {

  private enum Variant {
    FIRST,
    SECOND,
    THIRD
  }

  @Test
  void shouldKeepTheDeclaredOrderInOddRunsAndReverseItInEvenRuns() {
    assertThat(RunOrder.of(Variant.class, 1))
        .containsExactly(Variant.FIRST, Variant.SECOND, Variant.THIRD);
    assertThat(RunOrder.of(Variant.class, 2))
        .containsExactly(Variant.THIRD, Variant.SECOND, Variant.FIRST);
    assertThat(RunOrder.of(Variant.class, 3))
        .containsExactly(Variant.FIRST, Variant.SECOND, Variant.THIRD);
  }
}
