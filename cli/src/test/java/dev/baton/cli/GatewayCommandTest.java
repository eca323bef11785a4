package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The gateway's settings, checked before anything starts. */
class GatewayCommandTest {

  @Test
  void shouldRefuseAPollThatOutlastsTheIdleTimeoutNamingBoth() {
    CliRun run = CliRun.execute(Map.of(), "gateway", "--max-poll-wait-ms=40000");

    assertThat(run.exitCode()).isEqualTo(BatonCli.EXIT_FAILURE);
    assertThat(run.err())
        .isEqualToIgnoringNewLines(
            "baton gateway: --http-idle-timeout-ms=30000 (built-in default) does not fit with"
                + " --max-poll-wait-ms=40000 (flag): the idle timeout (30000 ms) must be longer"
                + " than the longest poll (40000 ms), or a waiting poll is cut");
  }

  @Test
  void shouldRefuseAnApprovalToolThatIsNotAGatewayTool() {
    CliRun run =
        CliRun.execute(
            Map.of(),
            "gateway",
            "--gateway-tools=read_note=READ",
            "--gateway-approval-tools=deploy");

    assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(run.err()).contains("approvalTools=[deploy]", "[read_note]");
  }
}
