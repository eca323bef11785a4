package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.cli.stack.internal.FreePorts;
import org.junit.jupiter.api.Test;

/** The operator commands' argument checks and their one-line failures, without a stack. */
class OpsCommandsTest {

  @Test
  void shouldAskForASessionOrAll() {
    CliRun run = CliRun.of("replay", "--kafka", "127.0.0.1:9", "--registry", "http://127.0.0.1:9");

    assertThat(run.exitCode()).isEqualTo(BatonCli.EXIT_FAILURE);
    assertThat(run.err().strip()).isEqualTo("baton replay: give either a SESSION_ID or --all");
  }

  @Test
  void shouldNameTheMissingKafkaAddress() {
    CliRun run = CliRun.of("tail", "--registry", "http://127.0.0.1:9");

    assertThat(run.exitCode()).isEqualTo(BatonCli.EXIT_FAILURE);
    assertThat(run.err()).contains("--kafka-bootstrap").contains("BATON_KAFKA_BOOTSTRAP");
  }

  @Test
  void shouldListTheKnownTypesForAnUnknownOne() {
    CliRun run =
        CliRun.of(
            "tail",
            "--type",
            "TurnCompleted,TurnExploded",
            "--kafka",
            "127.0.0.1:9",
            "--registry",
            "http://127.0.0.1:9");

    assertThat(run.exitCode()).isEqualTo(BatonCli.EXIT_FAILURE);
    assertThat(run.err())
        .contains("unknown event type 'TurnExploded'")
        .contains("TurnCompleted, TurnFailed");
    assertThat(run.err().lines()).hasSize(1);
  }

  @Test
  void shouldFailInOneLineWhenTheCoordinatorIsUnreachable() {
    int closedPort = FreePorts.pick();

    CliRun run =
        CliRun.of(
            "inspect", "chat-42", "--url", "http://127.0.0.1:" + closedPort, "--timeout", "PT2S");

    assertThat(run.exitCode()).isEqualTo(BatonCli.EXIT_FAILURE);
    assertThat(run.err().strip())
        .isEqualTo(
            "baton inspect: coordinator at http://127.0.0.1:"
                + closedPort
                + " is unreachable (waited 2.0 s): connection refused");
  }

  @Test
  void shouldRejectABadCoordinatorUrl() {
    CliRun run = CliRun.of("inspect", "chat-42", "--url", "127.0.0.1:8080");

    assertThat(run.exitCode()).isEqualTo(BatonCli.EXIT_FAILURE);
    assertThat(run.err()).contains("coordinator URL must be http(s)://host[:port]");
  }

  @Test
  void shouldRejectAnOutOfRangeStackPort() {
    CliRun run = CliRun.of("stack", "--kafka-port", "70000");

    assertThat(run.exitCode()).isEqualTo(BatonCli.EXIT_FAILURE);
    assertThat(run.err()).contains("'kafkaPort'").contains("0 for a free port");
  }
}
