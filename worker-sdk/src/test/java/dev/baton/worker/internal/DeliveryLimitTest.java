package dev.baton.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeliveryLimitTest {

  @Test
  void shouldRunBelowTheLimit() {
    assertThat(DeliveryLimit.of(1, 5)).isEqualTo(DeliveryLimit.RUN);
    assertThat(DeliveryLimit.of(4, 5)).isEqualTo(DeliveryLimit.RUN);
  }

  @Test
  void shouldRunALastTimeAtTheLimit() {
    assertThat(DeliveryLimit.of(5, 5)).isEqualTo(DeliveryLimit.RUN_LAST);
    assertThat(DeliveryLimit.of(1, 1)).isEqualTo(DeliveryLimit.RUN_LAST);
  }

  @Test
  void shouldRejectOverTheLimit() {
    assertThat(DeliveryLimit.of(6, 5)).isEqualTo(DeliveryLimit.REJECT);
  }
}
