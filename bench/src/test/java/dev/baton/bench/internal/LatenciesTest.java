package dev.baton.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatenciesTest {

  @Test
  void shouldGiveNearestRankPercentilesInMillis() {
    Latencies latencies = new Latencies(4);
    for (int ms = 1; ms <= 100; ms++) {
      latencies.record(0, ms * 1_000_000L);
    }
    assertThat(latencies.count()).isEqualTo(100);
    assertThat(latencies.percentileMillis(50)).isEqualTo(50.0);
    assertThat(latencies.percentileMillis(99)).isEqualTo(99.0);
    assertThat(latencies.maxMillis()).isEqualTo(100.0);
  }

  @Test
  void shouldBeNaNWhenEmpty() {
    assertThat(new Latencies(1).percentileMillis(50)).isNaN();
  }
}
