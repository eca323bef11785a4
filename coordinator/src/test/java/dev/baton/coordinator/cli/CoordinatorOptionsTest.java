package dev.baton.coordinator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.coordinator.ConfigException;
import dev.baton.coordinator.CoordinatorConfig;
import dev.baton.coordinator.ProcessingMode;
import dev.baton.coordinator.session.OperationClass;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CoordinatorOptionsTest {

  @Test
  void shouldTurnFlagsIntoTheCoordinatorsSettings() {
    CoordinatorCommand command =
        parse(
            "--kafka=k:9092",
            "--registry=http://r:8081",
            "--redis=redis://x:6379",
            "--processing=at_least_once",
            "--commit-interval-ms=20",
            "--producer-linger-ms=1",
            "--operation-class=read_secrets=WRITE,frobnicate=READ");

    CoordinatorConfig config =
        command
            .options
            .configBuilder()
            .kafkaBootstrap(command.addresses.requiredKafka())
            .registryUrl(command.addresses.requiredRegistry())
            .redisUri(command.addresses.requiredRedis())
            .build();

    assertThat(config.processingMode()).isEqualTo(ProcessingMode.AT_LEAST_ONCE);
    assertThat(config.commitInterval()).isEqualTo(Duration.ofMillis(20));
    assertThat(config.producerLinger()).isEqualTo(Duration.ofMillis(1));
    assertThat(config.topology().classifier().classify("read_secrets", Optional.empty()))
        .isEqualTo(OperationClass.WRITE);
    assertThat(config.topology().classifier().classify("frobnicate", Optional.empty()))
        .isEqualTo(OperationClass.READ);
  }

  @Test
  void shouldNameTheMissingAddressAndItsEnvironmentVariable() {
    CoordinatorCommand command = parse();

    assertThatThrownBy(() -> command.addresses.requiredKafka())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'kafka'")
        .hasMessageContaining("BATON_KAFKA_BOOTSTRAP");
  }

  @Test
  void shouldRejectABadSettingBeforeAnythingStarts() {
    CoordinatorCommand command = parse("--http-port=70000");

    assertThatThrownBy(() -> command.options.validate())
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Invalid value '70000' for setting 'http.port': expected an integer from 0 to 65535");
  }

  private static CoordinatorCommand parse(String... args) {
    CoordinatorCommand command = new CoordinatorCommand();
    new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
    return command;
  }
}
