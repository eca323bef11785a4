package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.cli.config.SettingException;
import dev.baton.cli.config.Settings;
import dev.baton.coordinator.CoordinatorConfig;
import dev.baton.coordinator.session.OperationClass;
import dev.baton.coordinator.session.PayloadLimits;
import dev.baton.coordinator.topology.ProcessingMode;
import dev.baton.coordinator.topology.TopologyOptions;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class CoordinatorOptionsTest {

  @Test
  void shouldTurnFlagsIntoTheCoordinatorsSettings() {
    CoordinatorCommand command =
        CliRun.parse(
            Map.of(),
            "coordinator",
            "--kafka=k:9092",
            "--registry=http://r:8081",
            "--redis=redis://x:6379",
            "--processing=at_least_once",
            "--commit-interval-ms=20",
            "--producer-linger-ms=1",
            "--turn-deadline-ms=5000",
            "--turn-id-window-ms=3600000",
            "--operation-class=read_secrets=WRITE,frobnicate=READ");

    CoordinatorConfig config = build(command);

    assertThat(config.kafkaBootstrap()).isEqualTo("k:9092");
    assertThat(config.processingMode()).isEqualTo(ProcessingMode.AT_LEAST_ONCE);
    assertThat(config.commitInterval()).isEqualTo(Duration.ofMillis(20));
    assertThat(config.producerLinger()).isEqualTo(Duration.ofMillis(1));
    assertThat(config.topology().limits().turnDeadline()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.topology().limits().turnIdWindow()).isEqualTo(Duration.ofHours(1));
    assertThat(config.topology().classifier().classify("read_secrets", Optional.empty()))
        .isEqualTo(OperationClass.WRITE);
    assertThat(config.topology().classifier().classify("frobnicate", Optional.empty()))
        .isEqualTo(OperationClass.READ);
  }

  @Test
  void shouldGiveTheDefaultsOfTheOptionsItFillsWhenNothingIsGiven() {
    CoordinatorCommand command =
        CliRun.parse(
            Map.of(), "coordinator", "--kafka=k:9092", "--registry=http://r", "--redis=redis://x");

    CoordinatorConfig fromCli = build(command);
    CoordinatorConfig defaults =
        CoordinatorConfig.builder()
            .kafkaBootstrap("k:9092")
            .registryUrl("http://r")
            .redisUri("redis://x")
            .build();

    assertThat(fromCli.streams()).isEqualTo(defaults.streams());
    assertThat(fromCli.topics()).isEqualTo(defaults.topics());
    assertThat(fromCli.httpHost()).isEqualTo(defaults.httpHost());
    assertThat(fromCli.httpPort()).isEqualTo(defaults.httpPort());
    assertThat(fromCli.topology()).hasToString(defaults.topology().toString());
    assertThat(fromCli.http()).hasToString(defaults.http().toString());
  }

  @Test
  void shouldTurnTheStreamSettingsIntoTheHttpOptions() {
    CoordinatorCommand command =
        CliRun.parse(
            Map.of("BATON_STREAM_BUFFER_EVENTS", "64"),
            "coordinator",
            "--kafka=k:9092",
            "--registry=http://r",
            "--redis=redis://x",
            "--stream-heartbeat-ms=2500");

    CoordinatorConfig config = build(command);

    assertThat(config.http().streamHeartbeat()).isEqualTo(Duration.ofMillis(2500));
    assertThat(config.http().streamBuffer()).isEqualTo(64);
  }

  @Test
  void shouldRefuseAStreamHeartbeatOrBufferBelowOne() {
    CliRun heartbeat = CliRun.execute(Map.of(), "coordinator", "--stream-heartbeat-ms=0");
    CliRun buffer = CliRun.execute(Map.of("BATON_STREAM_BUFFER_EVENTS", "0"), "dev");

    assertThat(heartbeat.exitCode()).isEqualTo(Settings.EXIT_INVALID);
    assertThat(heartbeat.err())
        .contains("--stream-heartbeat-ms=0 (flag) is invalid: must be an integer >= 1");
    assertThat(buffer.exitCode()).isEqualTo(Settings.EXIT_INVALID);
    assertThat(buffer.err())
        .contains("BATON_STREAM_BUFFER_EVENTS=0 (environment) is invalid: must be an integer >= 1");
  }

  @Test
  void shouldReadTheOperationClassesFromTheEnvironment() {
    CoordinatorCommand command =
        CliRun.parse(
            Map.of("BATON_OPERATION_CLASSES", "read_secrets=write,frobnicate=read"), "coordinator");

    assertThat(command.options.operationClasses)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("read_secrets", OperationClass.WRITE, "frobnicate", OperationClass.READ));
  }

  @Test
  void shouldTurnTheByteLimitsIntoTheTopologysOptions() {
    CoordinatorCommand command =
        CliRun.parse(
            Map.of("BATON_MAX_TOOL_RESULT_BYTES", "3000000"),
            coordinatorWith(
                "--max-record-bytes=4194304",
                "--max-input-bytes=2000000",
                "--max-tool-call-bytes=1000",
                "--max-step-tool-call-bytes=2000",
                "--max-answer-bytes=3000"));

    TopologyOptions topology = build(command).topology();

    assertThat(topology.maxRecordBytes()).isEqualTo(4 * 1024 * 1024);
    assertThat(topology.limits().maxInputBytes()).isEqualTo(2_000_000);
    PayloadLimits payloads = topology.limits().payloads();
    assertThat(payloads.maxToolCallBytes()).isEqualTo(1000);
    assertThat(payloads.maxStepToolCallBytes()).isEqualTo(2000);
    assertThat(payloads.maxAnswerBytes()).isEqualTo(3000);
    assertThat(payloads.maxToolResultBytes()).isEqualTo(3_000_000);
  }

  @Test
  void shouldRefuseAPayloadLimitThatDoesNotFitInTheRecordLimitNamingBoth() {
    CliRun run =
        CliRun.execute(
            Map.of("BATON_MAX_ANSWER_BYTES", "600000"),
            coordinatorWith(
                "--max-record-bytes=524288",
                "--max-input-bytes=1000",
                "--max-tool-call-bytes=1000",
                "--max-step-tool-call-bytes=1000",
                "--max-tool-result-bytes=1000"));

    assertThat(run.exitCode()).isEqualTo(BatonCli.EXIT_FAILURE);
    assertThat(run.err())
        .isEqualToIgnoringNewLines(
            "baton coordinator: BATON_MAX_ANSWER_BYTES=600000 (environment) does not fit with"
                + " --max-record-bytes=524288 (flag): a payload limit must be at most the record"
                + " limit less 16384 bytes for the record's envelope, here 507904");
  }

  @Test
  void shouldRefuseARecordLimitBelowTheDefaultPayloadLimits() {
    CliRun run = CliRun.execute(Map.of(), coordinatorWith("--max-record-bytes=262144"));

    assertThat(run.exitCode()).isEqualTo(BatonCli.EXIT_FAILURE);
    assertThat(run.err())
        .contains("--max-input-bytes=262144 (built-in default) does not fit with")
        .contains("--max-record-bytes=262144 (flag)");
  }

  @Test
  void shouldRefuseARecordLimitBelowOne() {
    CliRun run = CliRun.execute(Map.of(), "coordinator", "--max-record-bytes=0");

    assertThat(run.exitCode()).isEqualTo(Settings.EXIT_INVALID);
    assertThat(run.err())
        .contains("--max-record-bytes=0 (flag) is invalid: must be an integer >= 1");
  }

  @Test
  void shouldNameTheMissingAddressItsEnvironmentVariableAndFileKey() {
    CoordinatorCommand command = CliRun.parse(Map.of(), "coordinator");

    assertThatThrownBy(() -> command.addresses.requiredKafka())
        .isInstanceOf(SettingException.class)
        .hasMessage(
            "kafka-bootstrap is not set: give --kafka-bootstrap, the environment variable"
                + " BATON_KAFKA_BOOTSTRAP or kafka-bootstrap= in the --config file;"
                + " must be a non-empty value");
  }

  /** {@code coordinator} with its three addresses and {@code options}. */
  private static String[] coordinatorWith(String... options) {
    return Stream.concat(
            Stream.of(
                "coordinator", "--kafka=k:9092", "--registry=http://r:8081", "--redis=redis://x"),
            Stream.of(options))
        .toArray(String[]::new);
  }

  private static CoordinatorConfig build(CoordinatorCommand command) {
    return command
        .options
        .configBuilder()
        .kafka(command.addresses.requiredKafka())
        .registry(command.addresses.requiredRegistry())
        .redisUri(command.addresses.requiredRedis())
        .build();
  }
}
