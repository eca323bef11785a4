package dev.baton.coordinator.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Rates as written in settings, and each tenant's limits resolved from the default. */
class TenantLimitsTest {

  @Test
  void shouldReadARatePerSecondMinuteOrHour() {
    assertThat(Rate.parse("20/s")).isEqualTo(new Rate(20, Duration.ofSeconds(1)));
    assertThat(Rate.parse(" 600/m ")).isEqualTo(new Rate(600, Duration.ofMinutes(1)));
    assertThat(Rate.parse("1000/h")).isEqualTo(new Rate(1000, Duration.ofHours(1)));
    assertThat(Rate.parse("20/s")).hasToString("20/s");
    assertThat(new Rate(3, Duration.ofMillis(1500))).hasToString("3/1500ms");
  }

  @Test
  void shouldRefuseARateThatIsNotPermitsPerUnit() {
    for (String text : new String[] {"0/s", "-1/s", "20", "20/d", "20/ s", "x/s", "", "1.5/s"}) {
      assertThatThrownBy(() -> Rate.parse(text))
          .as(text)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("20/s, 600/m or 1000/h");
    }
  }

  @Test
  void shouldLimitNothingByDefault() {
    TenantLimits limits = TenantLimits.defaults();

    assertThat(limits.of("acme")).isEqualTo(TenantLimit.UNLIMITED);
    assertThat(limits.limitsSubmits()).isFalse();
    assertThat(limits.redisTimeout()).isEqualTo(TenantLimits.DEFAULT_REDIS_TIMEOUT);
  }

  @Test
  void shouldGiveEveryTenantTheDefaultWithABurstOfTheRatesPermits() {
    TenantLimits limits =
        TenantLimits.builder()
            .submitRate(Optional.of(Rate.parse("20/s")))
            .maxStreams(OptionalInt.of(100))
            .build();

    assertThat(limits.of("anyone"))
        .isEqualTo(
            new TenantLimit(
                Optional.of(new SubmitLimit(Rate.parse("20/s"), 20)), OptionalInt.of(100)));
    assertThat(limits.limitsSubmits()).isTrue();
  }

  @Test
  void shouldOverrideATenantsLimitsOneByOneAndKeepTheRestFromTheDefault() {
    Map<String, String> overrides = new LinkedHashMap<>();
    overrides.put("acme.submit-rate", "50/s");
    overrides.put("acme.max-streams", "off");
    overrides.put("eu.west.submit-burst", "7");
    overrides.put("free.submit-rate", "off");
    TenantLimits limits =
        TenantLimits.builder()
            .submitRate(Optional.of(Rate.parse("20/s")))
            .submitBurst(40)
            .maxStreams(OptionalInt.of(10))
            .overrides(overrides)
            .build();

    assertThat(limits.of("acme"))
        .isEqualTo(
            new TenantLimit(
                Optional.of(new SubmitLimit(Rate.parse("50/s"), 40)), OptionalInt.empty()));
    assertThat(limits.of("eu.west").submits()).contains(new SubmitLimit(Rate.parse("20/s"), 7));
    assertThat(limits.of("free").submits()).isEmpty();
    assertThat(limits.of("free").maxStreams()).hasValue(10);
    assertThat(limits.of("other").submits()).contains(new SubmitLimit(Rate.parse("20/s"), 40));
  }

  @Test
  void shouldLimitEachTenantsTurnsByDefaultOrOverride() {
    TenantLimits limits =
        TenantLimits.builder()
            .maxActiveTurns(OptionalInt.of(5))
            .override("acme", TenantLimits.MAX_ACTIVE_TURNS, "50")
            .override("acme", TenantLimits.MAX_QUEUED_TURNS, "100")
            .override("free", TenantLimits.MAX_ACTIVE_TURNS, "0")
            .override("trial", TenantLimits.MAX_ACTIVE_TURNS, "off")
            .build();

    assertThat(limits.limitsTurns()).isTrue();
    assertThat(limits.limitsSubmits()).isFalse();
    assertThat(limits.of("anyone"))
        .isEqualTo(
            new TenantLimit(
                Optional.empty(), OptionalInt.empty(), OptionalInt.of(5), OptionalInt.empty()));
    assertThat(limits.of("acme").maxTurns(TurnKind.RUNNING)).hasValue(50);
    assertThat(limits.of("acme").maxTurns(TurnKind.QUEUED)).hasValue(100);
    assertThat(limits.of("free").limitsTurns()).isFalse();
    assertThat(limits.of("trial").limitsTurns()).isFalse();
    assertThat(TenantLimits.defaults().limitsTurns()).isFalse();
    assertThat(
            TenantLimits.builder()
                .override("acme", TenantLimits.MAX_QUEUED_TURNS, "1")
                .build()
                .limitsTurns())
        .isTrue();
  }

  @Test
  void shouldRenewCountedTurnsSeveralTimesWithinTheirLease() {
    TenantLimits limits = TenantLimits.builder().turnRenewInterval(Duration.ofMillis(500)).build();

    assertThat(TenantLimits.defaults().turnRenewInterval())
        .isEqualTo(TenantLimits.DEFAULT_TURN_RENEW_INTERVAL);
    assertThat(limits.turnLease()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void shouldLimitSubmitsWhenOnlyOneTenantHasARate() {
    TenantLimits limits =
        TenantLimits.builder().override("acme", TenantLimits.SUBMIT_RATE, "5/m").build();

    assertThat(limits.limitsSubmits()).isTrue();
    assertThat(limits.of("acme").submits()).contains(new SubmitLimit(Rate.parse("5/m"), 5));
    assertThat(limits.of("other")).isEqualTo(TenantLimit.UNLIMITED);
  }

  @Test
  void shouldNameTheTenantKeyAndValueOfABadOverride() {
    assertThatThrownBy(() -> TenantLimits.builder().override("acme", "submit-rate", "fast"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("acme.submit-rate=fast")
        .hasMessageContaining("20/s");
    assertThatThrownBy(() -> TenantLimits.builder().override("acme", "rate", "5/s"))
        .hasMessageContaining("acme.rate=5/s")
        .hasMessageContaining("submit-rate, submit-burst, max-streams");
    assertThatThrownBy(() -> TenantLimits.builder().override("acme", "submit-burst", "0"))
        .hasMessageContaining("at least 1");
    assertThatThrownBy(() -> TenantLimits.builder().override("acme", "max-streams", "-2"))
        .hasMessageContaining("acme.max-streams=-2");
    assertThatThrownBy(() -> TenantLimits.builder().override("acme", "max-active-turns", "many"))
        .hasMessageContaining("acme.max-active-turns=many")
        .hasMessageContaining("whole number");
    assertThatThrownBy(() -> TenantLimits.builder().overrides(Map.of("submit-rate", "5/s")))
        .hasMessageContaining("TENANT.KEY");
    assertThatThrownBy(() -> TenantLimits.builder().override(" ", "submit-rate", "5/s"))
        .hasMessageContaining("blank");
  }

  @Test
  void shouldRefuseLimitsBelowOne() {
    assertThatThrownBy(() -> TenantLimits.builder().submitBurst(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TenantLimits.builder().maxStreams(OptionalInt.of(0)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TenantLimits.builder().maxActiveTurns(OptionalInt.of(0)))
        .hasMessageContaining("maxActiveTurns must be at least 1");
    assertThatThrownBy(() -> TenantLimits.builder().maxQueuedTurns(OptionalInt.of(-1)))
        .hasMessageContaining("maxQueuedTurns must be at least 1");
    assertThatThrownBy(() -> TenantLimits.builder().turnRenewInterval(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TenantLimits.builder().redisTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
