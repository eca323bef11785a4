package dev.baton.coordinator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.coordinator.session.ApprovalPolicy;
import dev.baton.coordinator.session.OperationClass;
import dev.baton.coordinator.session.PayloadLimits;
import dev.baton.coordinator.session.SessionLimits;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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

  @Test
  void shouldStartABuilderFromEveryOptionItWasGiven() {
    TopologyOptions options = custom().idleCommit(Duration.ofMillis(4)).build();

    assertThat(options.toBuilder().build()).hasToString(options.toString());
    assertThat(options.toBuilder().contextBytes(9000).build())
        .hasToString(options.toString().replace("contextBytes=4096", "contextBytes=9000"));
  }

  @Test
  void shouldChooseTheIdleCommitByProcessingModeKeepingEveryOtherOption() {
    TopologyOptions unchosen = custom().build();

    TopologyOptions exactlyOnce = unchosen.withIdleCommitDefault(ProcessingMode.EXACTLY_ONCE);
    TopologyOptions atLeastOnce = unchosen.withIdleCommitDefault(ProcessingMode.AT_LEAST_ONCE);

    assertThat(exactlyOnce.idleCommit()).contains(TopologyOptions.DEFAULT_EXACTLY_ONCE_IDLE_COMMIT);
    assertThat(exactlyOnce)
        .hasToString(
            unchosen
                .toString()
                .replace("idleCommit=Optional.empty", "idleCommit=Optional[PT0.001S]"));
    assertThat(atLeastOnce).hasToString(unchosen.toString());
    assertThat(exactlyOnce.classifier().configured()).containsEntry("lookup", OperationClass.READ);
  }

  @Test
  void shouldKeepAChosenIdleCommitWhenTheDefaultIsApplied() {
    TopologyOptions off = custom().idleCommit(Duration.ZERO).build();

    assertThat(off.withIdleCommitDefault(ProcessingMode.EXACTLY_ONCE)).isSameAs(off);
    assertThat(off.withIdleCommitDefault(ProcessingMode.EXACTLY_ONCE).idleCommit()).isEmpty();
  }

  private static TopologyOptions.Builder custom() {
    return TopologyOptions.builder()
        .limits(SessionLimits.builder().queueCapacity(3).build())
        .maxRecordBytes(512 * 1024)
        .contextBytes(4096)
        .timerInterval(Duration.ofMillis(50))
        .eventsPerSession(7)
        .operationClasses(Map.of("lookup", OperationClass.READ))
        .approvals(ApprovalPolicy.DEFAULTS);
  }
}
