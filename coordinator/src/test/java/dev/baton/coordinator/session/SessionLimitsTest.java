package dev.baton.coordinator.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SessionLimitsTest {

  @Test
  void shouldUseDefaults() {
    SessionLimits limits = SessionLimits.defaults();
    assertThat(limits.queueCapacity()).isEqualTo(16);
    assertThat(limits.rememberedTurns()).isEqualTo(SessionLimits.DEFAULT_REMEMBERED_TURNS);
    assertThat(limits.contextMessages()).isEqualTo(SessionLimits.DEFAULT_CONTEXT_MESSAGES);
    assertThat(limits.maxStepAttempts()).isEqualTo(SessionLimits.DEFAULT_MAX_STEP_ATTEMPTS);
    assertThat(limits.maxInputBytes()).isEqualTo(SessionLimits.DEFAULT_MAX_INPUT_BYTES);
  }

  @Test
  void shouldBuildConfiguredLimits() {
    SessionLimits limits =
        SessionLimits.builder()
            .queueCapacity(4)
            .rememberedTurns(8)
            .rememberedTurnBytes(4096)
            .contextMessages(10)
            .maxStepAttempts(1)
            .maxInputBytes(200)
            .build();
    assertThat(limits)
        .hasToString(
            "SessionLimits[queueCapacity=4, rememberedTurns=8, rememberedTurnBytes=4096,"
                + " contextMessages=10,"
                + " maxStepAttempts=1, maxInputBytes=200, maxStepsPerTurn=32,"
                + " maxCallsPerStep=64, turnDeadline=PT10M, lease=PT1M,"
                + " idleTimeToLive=Optional.empty, turnIdWindow=PT24H,"
                + " payloads=PayloadLimits[maxToolCallBytes=262144,"
                + " maxStepToolCallBytes=524288, maxAnswerBytes=524288,"
                + " maxToolResultBytes=262144]]");
  }

  @Test
  void shouldRejectOutOfRangeValueNamingTheOption() {
    assertThatThrownBy(() -> SessionLimits.builder().queueCapacity(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("queueCapacity must be at least 0, got -1");
    assertThatThrownBy(() -> SessionLimits.builder().contextMessages(0))
        .hasMessage("contextMessages must be at least 1, got 0");
    assertThatThrownBy(() -> SessionLimits.builder().maxStepAttempts(0))
        .hasMessage("maxStepAttempts must be at least 1, got 0");
    assertThatThrownBy(() -> SessionLimits.builder().maxInputBytes(0))
        .hasMessage("maxInputBytes must be at least 1, got 0");
    assertThatThrownBy(() -> SessionLimits.builder().rememberedTurns(-5))
        .hasMessage("rememberedTurns must be at least 0, got -5");
  }
}
