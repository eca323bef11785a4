package dev.baton.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StackAddressesTest {

  @Test
  void shouldShowTheAddressesWithTheirPasswordsMasked() {
    assertThat(new StackAddresses("k:9092", "http://r:8081", "redis://:pw@h:1").redacted())
        .isEqualTo(new StackAddresses("k:9092", "http://r:8081", "redis://:***@h:1"));
    assertThat(new StackAddresses("k:9092", "http://r:8081", "redis://:pw@h:1").toString())
        .as("a log of the record")
        .contains("redis://:***@h:1")
        .doesNotContain("pw");
  }
}
