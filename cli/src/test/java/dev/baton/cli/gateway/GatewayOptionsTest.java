package dev.baton.cli.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.coordinator.http.HttpServerBounds;
import dev.baton.worker.OperationClass;
import dev.baton.worker.ToolOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayOptionsTest {

  @Test
  void shouldShowNoToken() {
    GatewayOptions options = GatewayOptions.builder().port(0).token("t0ken-s3cret").build();

    assertThat(options.token()).contains("t0ken-s3cret");
    assertThat(options.toString()).contains("token=***").doesNotContain("t0ken-s3cret");
  }

  @Test
  void shouldDeclareThatTheCallsOfItsApprovalToolsNeedApproval() {
    GatewayOptions options =
        GatewayOptions.builder()
            .tool("read_note", OperationClass.READ)
            .tool("deploy", OperationClass.WRITE)
            .approvalTools(List.of("deploy"))
            .build();

    assertThat(options.toolOptions("deploy")).containsExactly(ToolOption.NEEDS_APPROVAL);
    assertThat(options.toolOptions("read_note")).isEmpty();
  }

  @Test
  void shouldRefuseAnApprovalToolItDoesNotServe() {
    GatewayOptions.Builder builder =
        GatewayOptions.builder()
            .tool("read_note", OperationClass.READ)
            .approvalTools(List.of("deploy"));

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("approvalTools=[deploy]")
        .hasMessageContaining("[read_note]");
  }

  @Test
  void shouldRequireAnIdleTimeoutLongerThanTheLongestPoll() {
    GatewayOptions.Builder builder =
        GatewayOptions.builder()
            .maxPollWait(Duration.ofSeconds(30))
            .server(new HttpServerBounds(100, Duration.ofSeconds(30), 8192));

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "the idle timeout (30000 ms) must be longer than the longest poll (30000 ms)");
    assertThat(builder.maxPollWait(Duration.ofSeconds(20)).build().server().idleTimeout())
        .isEqualTo(Duration.ofSeconds(30));
  }
}
