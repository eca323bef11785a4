package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.cli.config.SettingException;
import dev.baton.coordinator.CoordinatorConfig;
import dev.baton.coordinator.session.OperationClass;
import dev.baton.coordinator.topology.ProcessingMode;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
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
  void shouldNameTheMissingAddressItsEnvironmentVariableAndFileKey() {
    CoordinatorCommand command = CliRun.parse(Map.of(), "coordinator");

    assertThatThrownBy(() -> command.addresses.requiredKafka())
        .isInstanceOf(SettingException.class)
        .hasMessage(
            "kafka-bootstrap is not set: give --kafka-bootstrap, the environment variable"
                + " BATON_KAFKA_BOOTSTRAP or kafka-bootstrap= in the --config file;"
                + " must be a non-empty value");
  }

  private static CoordinatorConfig build(CoordinatorCommand command) {
    return command
        .options
        .configBuilder()
        .kafkaBootstrap(command.addresses.requiredKafka())
        .registryUrl(command.addresses.requiredRegistry())
        .redisUri(command.addresses.requiredRedis())
        .build();
  }
}
