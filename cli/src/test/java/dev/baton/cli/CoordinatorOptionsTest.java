package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.cli.config.SettingException;
import dev.baton.cli.config.Settings;
import dev.baton.coordinator.CoordinatorConfig;
import dev.baton.coordinator.http.HttpOptions;
import dev.baton.coordinator.limits.Rate;
import dev.baton.coordinator.limits.SubmitLimit;
import dev.baton.coordinator.limits.TenantLimit;
import dev.baton.coordinator.limits.TenantLimits;
import dev.baton.coordinator.session.OperationClass;
import dev.baton.coordinator.session.PayloadLimits;
import dev.baton.coordinator.topology.ProcessingMode;
import dev.baton.coordinator.topology.TopologyOptions;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
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
            "--commit-interval-ms=30",
            "--producer-linger-ms=1",
            "--standby-replicas=0",
            "--state-memory-mb=64",
            "--turn-deadline-ms=5000",
            "--turn-id-window-ms=3600000",
            "--operation-class=read_secrets=WRITE,frobnicate=READ");

    CoordinatorConfig config = build(command);

    assertThat(config.kafkaBootstrap()).isEqualTo("k:9092");
    assertThat(config.processingMode()).isEqualTo(ProcessingMode.AT_LEAST_ONCE);
    assertThat(config.commitInterval()).isEqualTo(Duration.ofMillis(30));
    assertThat(config.producerLinger()).isEqualTo(Duration.ofMillis(1));
    assertThat(config.streams().standbyReplicas()).isZero();
    assertThat(config.stateMemoryBytes()).isEqualTo(64L << 20);
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
    assertThat(fromCli.tenants()).hasToString(defaults.tenants().toString());
  }

  @Test
  void shouldCommitQuietTasksAtOnceUnderExactlyOnceUnlessTheIdleCommitIsGiven() {
    String[] addresses = {
      "coordinator", "--kafka=k:9092", "--registry=http://r", "--redis=redis://x"
    };
    CoordinatorConfig byDefault = build(CliRun.parse(Map.of(), addresses));
    CoordinatorConfig off = build(CliRun.parse(Map.of("BATON_IDLE_COMMIT_MS", "0"), addresses));
    CoordinatorConfig atLeastOnce =
        build(CliRun.parse(Map.of("BATON_PROCESSING", "at_least_once"), addresses));

    assertThat(byDefault.topology().idleCommit()).contains(Duration.ofMillis(1));
    assertThat(off.topology().idleCommit()).as("0 turns it off").isEmpty();
    assertThat(atLeastOnce.topology().idleCommit()).isEmpty();
  }

  @Test
  void shouldTurnTheHttpServerSettingsIntoTheHttpOptions() {
    CoordinatorCommand command =
        CliRun.parse(
            Map.of("BATON_HTTP_MAX_CONNECTIONS", "500"),
            coordinatorWith(
                "--http-idle-timeout-ms=60000",
                "--stream-heartbeat-ms=20000",
                "--http-max-header-bytes=16384",
                "--http-max-wait-ms=30000"));

    HttpOptions http = build(command).http();

    assertThat(http.maxConnections()).isEqualTo(500);
    assertThat(http.idleTimeout()).isEqualTo(Duration.ofMinutes(1));
    assertThat(http.maxRequestHeadBytes()).isEqualTo(16384);
    assertThat(http.maxWait()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void shouldRefuseAnIdleTimeoutNotLongerThanTheStreamHeartbeatNamingBoth() {
    CliRun run =
        CliRun.execute(
            Map.of("BATON_STREAM_HEARTBEAT_MS", "30000"), coordinatorWith("--metrics=false"));

    assertThat(run.exitCode()).isEqualTo(BatonCli.EXIT_FAILURE);
    assertThat(run.err())
        .isEqualToIgnoringNewLines(
            "baton coordinator: --http-idle-timeout-ms=30000 (built-in default) does not fit with"
                + " BATON_STREAM_HEARTBEAT_MS=30000 (environment): the idle timeout (30000 ms)"
                + " must be longer than the stream heartbeat (30000 ms), or a quiet stream is"
                + " closed between two heartbeats");
  }

  @Test
  void shouldRefuseAHeaderLimitOutsideItsRange() {
    CliRun run = CliRun.execute(Map.of(), "coordinator", "--http-max-header-bytes=100");

    assertThat(run.exitCode()).isEqualTo(Settings.EXIT_INVALID);
    assertThat(run.err())
        .contains(
            "--http-max-header-bytes=100 (flag) is invalid: must be an integer from 1024 to 65536");
  }

  @Test
  void shouldTurnTheTenantSettingsIntoTheTenantLimits() {
    CoordinatorCommand command =
        CliRun.parse(
            Map.of("BATON_TENANT_LIMITS", "acme.submit-rate=50/s,acme.max-streams=off"),
            coordinatorWith(
                "--tenant-submit-rate=20/s",
                "--tenant-submit-burst=40",
                "--tenant-max-streams=10",
                "--tenant-limit=free.submit-rate=1/m"));

    TenantLimits limits = build(command).tenants();

    assertThat(limits.of("anyone"))
        .isEqualTo(
            new TenantLimit(
                Optional.of(new SubmitLimit(Rate.parse("20/s"), 40)), OptionalInt.of(10)));
    assertThat(limits.of("free").submits()).contains(new SubmitLimit(Rate.parse("1/m"), 40));
    assertThat(limits.of("acme")).isEqualTo(limits.of("anyone"));
  }

  @Test
  void shouldTakeTheTenantLimitsFromTheEnvironmentWhenNoFlagGivesThem() {
    CoordinatorCommand command =
        CliRun.parse(
            Map.of("BATON_TENANT_LIMITS", "acme.submit-rate=50/s,acme.max-streams=off"),
            coordinatorWith("--tenant-max-streams=10"));

    TenantLimits limits = build(command).tenants();

    assertThat(limits.of("acme"))
        .isEqualTo(
            new TenantLimit(
                Optional.of(new SubmitLimit(Rate.parse("50/s"), 50)), OptionalInt.empty()));
    assertThat(limits.of("other")).isEqualTo(new TenantLimit(Optional.empty(), OptionalInt.of(10)));
  }

  @Test
  void shouldTurnTheTurnLimitSettingsIntoTheTenantLimits() {
    CoordinatorCommand command =
        CliRun.parse(
            Map.of("BATON_TENANT_LIMITS", "acme.max-active-turns=50,acme.max-queued-turns=off"),
            coordinatorWith("--tenant-max-active-turns=5", "--tenant-max-queued-turns=20"));

    TenantLimits limits = build(command).tenants();

    assertThat(limits.of("anyone").maxActiveTurns()).hasValue(5);
    assertThat(limits.of("anyone").maxQueuedTurns()).hasValue(20);
    assertThat(limits.of("acme").maxActiveTurns()).hasValue(50);
    assertThat(limits.of("acme").maxQueuedTurns()).isEmpty();
    assertThat(limits.limitsTurns()).isTrue();
    assertThat(build(CliRun.parse(Map.of(), coordinatorWith())).tenants().limitsTurns())
        .as("no turn limit by default")
        .isFalse();
  }

  @Test
  void shouldRefuseABadTenantRateOrOverrideNamingTheSetting() {
    CliRun rate = CliRun.execute(Map.of(), "coordinator", "--tenant-submit-rate=fast");
    CliRun override =
        CliRun.execute(
            Map.of("BATON_TENANT_LIMITS", "acme.submit-speed=5/s"),
            coordinatorWith("--metrics=false"));

    assertThat(rate.exitCode()).isEqualTo(Settings.EXIT_INVALID);
    assertThat(rate.err())
        .contains(
            "--tenant-submit-rate=fast (flag) is invalid: must be off or a rate such as 20/s,"
                + " 600/m or 1000/h");
    assertThat(override.exitCode()).isEqualTo(BatonCli.EXIT_FAILURE);
    assertThat(override.err())
        .contains("BATON_TENANT_LIMITS=acme.submit-speed=5/s (environment) is invalid")
        .contains("acme.submit-speed=5/s is invalid: unknown limit; keys: submit-rate,");
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
