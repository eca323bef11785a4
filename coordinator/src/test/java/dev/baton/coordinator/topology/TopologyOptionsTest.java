package dev.baton.coordinator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.coordinator.session.PayloadLimits;
import dev.baton.coordinator.session.SessionLimits;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopologyOptionsTest {

  private static final int MIB = 1024 * 1024;

  @Test
  void shouldKeepEveryDefaultPayloadLimitWithinTheDefaultRecordLimitWithRoomForTheEnvelope() {
    int room = TopologyOptions.maxPayloadBytes(TopologyOptions.defaults().maxRecordBytes());

    assertThat(room).isEqualTo(MIB - TopologyOptions.ENVELOPE_BYTES);
    PayloadLimits payloads = PayloadLimits.defaults();
    assertThat(
            List.of(
                payloads.maxToolCallBytes(),
                payloads.maxStepToolCallBytes(),
                payloads.maxAnswerBytes(),
                payloads.maxToolResultBytes()))
        .allSatisfy(limit -> assertThat(limit).isLessThanOrEqualTo(room));
    assertThat(SessionLimits.defaults().maxInputBytes()).isLessThanOrEqualTo(room);
  }

  @Test
  void shouldLeaveNoRoomForAPayloadInARecordNoLargerThanTheEnvelope() {
    assertThat(TopologyOptions.maxPayloadBytes(TopologyOptions.ENVELOPE_BYTES)).isZero();
    assertThat(TopologyOptions.maxPayloadBytes(1)).isZero();
  }

  @Test
  void shouldStateTheRuleWithTheRoomLeft() {
    assertThat(TopologyOptions.payloadRule(512 * 1024))
        .isEqualTo(
            "a payload limit must be at most the record limit less 16384 bytes for the record's"
                + " envelope, here 507904");
  }
}
