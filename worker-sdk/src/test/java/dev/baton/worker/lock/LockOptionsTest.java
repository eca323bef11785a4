package dev.baton.worker.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.worker.WorkerException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LockOptionsTest {

  @Test
  void shouldUseDefaults() {
    LockOptions options = LockOptions.defaults();

    assertThat(options.acquireTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(options.ttl()).isEqualTo(LockOptions.DEFAULT_TTL);
    assertThat(options.renewEvery()).isEqualTo(LockOptions.DEFAULT_TTL.dividedBy(3));
    assertThat(options.backstopPoll()).isEqualTo(LockOptions.DEFAULT_BACKSTOP_POLL);
    assertThat(options.commandTimeout()).isEqualTo(LockOptions.DEFAULT_COMMAND_TIMEOUT);
    assertThat(options.keyRetention()).isEqualTo(LockOptions.DEFAULT_KEY_RETENTION);
  }

  @Test
  void shouldRenewEveryThirdOfTtlUnlessSet() {
    assertThat(LockOptions.builder().ttl(Duration.ofSeconds(30)).build().renewEvery())
        .isEqualTo(Duration.ofSeconds(10));
    assertThat(LockOptions.builder().renewEvery(Duration.ofSeconds(1)).build().renewEvery())
        .isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void shouldRejectNonPositiveDurationNamingOptionAndValue() {
    assertThatThrownBy(() -> LockOptions.builder().acquireTimeout(Duration.ZERO))
        .isInstanceOf(WorkerException.class)
        .hasMessageContaining("acquireTimeout=PT0S")
        .hasMessageContaining("a positive duration");
  }

  @Test
  void shouldRejectTtlBelowMinimum() {
    assertThatThrownBy(() -> LockOptions.builder().ttl(Duration.ofMillis(10)))
        .hasMessageContaining("ttl=PT0.01S")
        .hasMessageContaining("at least " + LockOptions.MIN_TTL);
  }

  @Test
  void shouldRejectRenewalNotShorterThanTtl() {
    LockOptions.Builder builder =
        LockOptions.builder().ttl(Duration.ofSeconds(1)).renewEvery(Duration.ofSeconds(1));

    assertThatThrownBy(builder::build)
        .isInstanceOf(WorkerException.class)
        .hasMessageContaining("renewEvery=PT1S")
        .hasMessageContaining("shorter than ttl (PT1S)");
  }

  @Test
  void shouldRejectKeyRetentionNotLongerThanTtl() {
    LockOptions.Builder builder =
        LockOptions.builder().ttl(Duration.ofSeconds(10)).keyRetention(Duration.ofSeconds(10));

    assertThatThrownBy(builder::build).hasMessageContaining("keyRetention=PT10S");
  }

  @Test
  void shouldRejectNull() {
    assertThatThrownBy(() -> LockOptions.builder().ttl(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("ttl");
  }
}
