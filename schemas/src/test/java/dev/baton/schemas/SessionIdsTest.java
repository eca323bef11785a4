package dev.baton.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SessionIdsTest {

  private static final String ALPHABET = "aZ09._:-/ \u0000é#";

  @Test
  void shouldAgreeWithThePatternOnRandomStrings() {
    Random random = new Random(7);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder id = new StringBuilder();
      int length = random.nextInt(3) == 0 ? 120 + random.nextInt(16) : random.nextInt(6);
      for (int j = 0; j < length; j++) {
        id.append(ALPHABET.charAt(random.nextInt(random.nextInt(4) == 0 ? ALPHABET.length() : 8)));
      }
      String candidate = id.toString();
      assertThat(SessionIds.isValid(candidate))
          .as("'%s'", candidate)
          .isEqualTo(SessionIds.PATTERN.matcher(candidate).matches());
    }
  }

  @Test
  void shouldAcceptTheLongestAndRefuseLongerEmptyAndNull() {
    assertThat(SessionIds.isValid("a".repeat(SessionIds.MAX_LENGTH))).isTrue();
    assertThat(SessionIds.isValid("a".repeat(SessionIds.MAX_LENGTH + 1))).isFalse();
    assertThat(SessionIds.isValid("")).isFalse();
    assertThat(SessionIds.isValid(null)).isFalse();
    assertThatThrownBy(() -> SessionIds.requireValid("a/b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'a/b'");
  }
}
