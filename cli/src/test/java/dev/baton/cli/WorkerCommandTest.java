package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The settings of {@code baton worker} and {@code baton gateway} that shape their polls. */
class WorkerCommandTest {

  private static final String[] UNREACHABLE_STACK = {
    "--kafka=127.0.0.1:1", "--registry=http://127.0.0.1:1", "--redis=redis://127.0.0.1:1"
  };

  @Test
  void shouldRefuseMorePollersThanStepsInFlightNamingBoth() {
    for (String command : new String[] {"worker", "gateway"}) {
      CliRun run = CliRun.execute(Map.of(), args(command, "--max-in-flight=4", "--pollers=5"));

      assertThat(run.exitCode()).as(command).isEqualTo(CommandLine.ExitCode.USAGE);
      assertThat(run.err())
          .as(command)
          .contains("--pollers=5 is more than --max-in-flight=4")
          .contains("each share consumer needs at least one step");
    }
  }

  @Test
  void shouldRefuseANegativeHandOff() {
    CliRun run = CliRun.execute(Map.of(), args("worker", "--hand-off-after-ms=-1"));

    assertThat(run.err().strip())
        .isEqualTo(
            "baton worker: --hand-off-after-ms=-1 (flag) is invalid:"
                + " must be an integer >= 0, or never");
  }

  private static String[] args(String command, String... settings) {
    return Stream.of(Stream.of(command), Arrays.stream(UNREACHABLE_STACK), Arrays.stream(settings))
        .flatMap(Function.identity())
        .toArray(String[]::new);
  }
}
