package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.cli.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bad setting stops the command before it starts anything, with one line naming the setting, its
 * source, the value and what is allowed. Every run here would start a coordinator or a worker
 * against unreachable addresses if the setting got through, so a short timeout also shows that
 * nothing started.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class SettingErrorsTest {

  private static final String[] ADDRESSES = {
    "--kafka=127.0.0.1:1", "--registry=http://127.0.0.1:1", "--redis=redis://127.0.0.1:1"
  };

  @TempDir Path dir;

  @Test
  void shouldNameTheEnvironmentVariableOfANegativeCommitInterval() {
    CliRun run = coordinator(Map.of("BATON_COMMIT_INTERVAL_MS", "-5"));

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err())
        .isEqualTo(
            "baton coordinator: BATON_COMMIT_INTERVAL_MS=-5 (environment) is invalid:"
                + " must be an integer >= 1"
                + System.lineSeparator());
  }

  @Test
  void shouldNameTheFlagOfAValueOfTheWrongType() {
    CliRun run = coordinator(Map.of(), "--http-port=eighty");

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err().strip())
        .isEqualTo(
            "baton coordinator: --http-port=eighty (flag) is invalid:"
                + " must be an integer from 0 to 65535");
  }

  @Test
  void shouldRejectASessionTimeoutTheCoordinatorRefusesWhileParsing() {
    CliRun run = coordinator(Map.of("BATON_SESSION_TIMEOUT_MS", "999"));

    assertThat(run.exitCode()).isEqualTo(Settings.EXIT_INVALID);
    assertThat(run.err().strip())
        .isEqualTo(
            "baton coordinator: BATON_SESSION_TIMEOUT_MS=999 (environment) is invalid:"
                + " must be an integer >= 1000");
  }

  @Test
  void shouldRejectAPortOutOfRange() {
    CliRun run = coordinator(Map.of("BATON_HTTP_PORT", "70000"));

    assertThat(run.err().strip())
        .isEqualTo(
            "baton coordinator: BATON_HTTP_PORT=70000 (environment) is invalid:"
                + " must be an integer from 0 to 65535");
  }

  @Test
  void shouldListTheValuesOfAnUnknownEnumFromTheFile() throws IOException {
    Path file = Files.writeString(dir.resolve("baton.properties"), "processing=sometimes\n");

    CliRun run = coordinator(Map.of("BATON_CONFIG", file.toString()));

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err().strip())
        .isEqualTo(
            "baton coordinator: processing=sometimes (file "
                + file
                + ") is invalid: must be one of exactly_once, at_least_once");
  }

  @Test
  void shouldRejectAnUnknownKeyInTheFile() throws IOException {
    Path file = Files.writeString(dir.resolve("baton.properties"), "commit-intervall-ms=5\n");

    CliRun run = coordinator(Map.of(), "--config=" + file);

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err().strip())
        .isEqualTo(
            "baton coordinator: commit-intervall-ms (file "
                + file
                + ") is not a setting of any baton command; see docs/configuration.md");
  }

  @Test
  void shouldNameAConfigFileThatCannotBeRead() {
    Path missing = dir.resolve("missing.properties");

    CliRun run = CliRun.execute(Map.of(), "worker", "--config=" + missing);

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err())
        .startsWith(
            "baton worker: --config="
                + missing
                + " (flag) is invalid: must be a readable properties file (")
        .hasLineCount(1);
  }

  @Test
  void shouldRejectABlankValue() {
    CliRun run = CliRun.execute(Map.of("BATON_WORKER_ID", " "), "worker");

    assertThat(run.err().strip())
        .isEqualTo(
            "baton worker: BATON_WORKER_ID=  (environment) is invalid: must be a non-empty value");
  }

  @Test
  void shouldRejectAMaxInFlightAboveTheWorkersLimit() {
    CliRun run = CliRun.execute(Map.of(), "worker", "--max-in-flight=10001");

    assertThat(run.err().strip())
        .isEqualTo(
            "baton worker: --max-in-flight=10001 (flag) is invalid:"
                + " must be an integer from 1 to 10000");
  }

  @Test
  void shouldRejectADeltaLingerOutsideTheWorkersRange() {
    CliRun run = CliRun.execute(Map.of("BATON_DELTA_LINGER_MS", "-1"), "gateway");

    assertThat(run.err().strip())
        .isEqualTo(
            "baton gateway: BATON_DELTA_LINGER_MS=-1 (environment) is invalid:"
                + " must be an integer from 0 to 10000");
  }

  @Test
  void shouldRejectANegativeDuration() {
    CliRun run = CliRun.execute(Map.of("BATON_TOOL_DELAY", "-PT1S"), "worker");

    assertThat(run.err().strip())
        .isEqualTo(
            "baton worker: BATON_TOOL_DELAY=-PT1S (environment) is invalid:"
                + " must be an ISO-8601 duration of zero or more, such as PT0.1S");
  }

  @Test
  void shouldNameTheSourceOfAValueTheBuilderRejects() {
    CliRun run = coordinator(Map.of("BATON_OPERATION_CLASSES", " =read"));

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err())
        .startsWith(
            "baton coordinator: BATON_OPERATION_CLASSES= =read (environment) is invalid:"
                + " must be comma-separated TOOL=READ|WRITE pairs (operationClasses must map")
        .hasLineCount(1);
  }

  @Test
  void shouldNameTheMissingAddressInOneLine() {
    CliRun run = CliRun.execute(Map.of(), "worker");

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err())
        .startsWith("baton worker: kafka-bootstrap is not set: give --kafka-bootstrap")
        .hasLineCount(1);
  }

  private static CliRun coordinator(Map<String, String> env, String... args) {
    String[] all = new String[ADDRESSES.length + args.length + 1];
    all[0] = "coordinator";
    System.arraycopy(ADDRESSES, 0, all, 1, ADDRESSES.length);
    System.arraycopy(args, 0, all, 1 + ADDRESSES.length, args.length);
    return CliRun.execute(env, all);
  }
}
