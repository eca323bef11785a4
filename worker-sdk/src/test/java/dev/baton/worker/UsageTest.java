package dev.baton.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class UsageTest {

  @Test
  void shouldNameTheModelOnlyWhenGiven() {
    assertThat(Usage.of(3, 4).model()).isEmpty();
    assertThat(Usage.of(3, 4, "m").model()).contains("m");
    assertThat(Usage.of(3, 4, "m")).isEqualTo(new Usage(3, 4, Optional.of("m")));
  }

  @Test
  void shouldRejectNegativeCounts() {
    assertThatThrownBy(() -> Usage.of(-1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("inputTokens=-1");
    assertThatThrownBy(() -> Usage.of(0, -2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outputTokens=-2");
  }

  @Test
  void shouldRejectANullModel() {
    assertThatThrownBy(() -> Usage.of(1, 2, null)).isInstanceOf(NullPointerException.class);
  }
}
