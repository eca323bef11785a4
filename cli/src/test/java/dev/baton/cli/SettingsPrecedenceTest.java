package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsPrecedenceTest {

  @TempDir Path dir;

  @Test
  void shouldUseTheBuiltInDefaultWhenNothingIsGiven() {
    CoordinatorCommand command = CliRun.parse(Map.of(), "coordinator");

    assertThat(command.options.commitIntervalMs).isEqualTo(20);
    assertThat(command.options.httpPort).isEqualTo(8080);
    assertThat(command.group.shareGroup).isEqualTo("baton-workers");
  }

  @Test
  void shouldPreferTheFileToTheDefault() throws IOException {
    Path file = write("commit-interval-ms=7\nshare-group=from-file\n");

    CoordinatorCommand command = CliRun.parse(Map.of(), "coordinator", "--config=" + file);

    assertThat(command.options.commitIntervalMs).isEqualTo(7);
    assertThat(command.group.shareGroup).isEqualTo("from-file");
  }

  @Test
  void shouldPreferTheEnvironmentToTheFile() throws IOException {
    Path file = write("commit-interval-ms=7\n");

    CoordinatorCommand command =
        CliRun.parse(
            Map.of("BATON_COMMIT_INTERVAL_MS", "8"), "coordinator", "--config", file.toString());

    assertThat(command.options.commitIntervalMs).isEqualTo(8);
  }

  @Test
  void shouldPreferTheFlagToTheEnvironment() throws IOException {
    Path file = write("commit-interval-ms=7\n");

    CoordinatorCommand command =
        CliRun.parse(
            Map.of("BATON_COMMIT_INTERVAL_MS", "8", "BATON_CONFIG", file.toString()),
            "coordinator",
            "--commit-interval-ms=9");

    assertThat(command.options.commitIntervalMs).isEqualTo(9);
  }

  @Test
  void shouldReadTheFileNamedByTheEnvironment() throws IOException {
    Path file = write("max-in-flight=3\ntool-delay=PT2S\nkafka-bootstrap=k:9092\n");

    WorkerCommand command = CliRun.parse(Map.of("BATON_CONFIG", file.toString()), "worker");

    assertThat(command.maxInFlight).isEqualTo(3);
    assertThat(command.toolDelay).isEqualTo(Duration.ofSeconds(2));
    assertThat(command.addresses.requiredKafka().bootstrapServers()).isEqualTo("k:9092");
  }

  @Test
  void shouldPreferTheConfigFlagToTheConfigEnvironmentVariable() throws IOException {
    Path fromEnv = write("workers=2\n");
    Path fromFlag = Files.writeString(dir.resolve("flag.properties"), "workers=3\n");

    DevCommand command =
        CliRun.parse(Map.of("BATON_CONFIG", fromEnv.toString()), "dev", "--config=" + fromFlag);

    assertThat(command.workers).isEqualTo(3);
  }

  @Test
  void shouldIgnoreTheSettingsOfOtherCommandsInTheFile() throws IOException {
    Path file = write("commit-interval-ms=7\nmax-in-flight=3\nworkers=0\n");

    WorkerCommand worker = CliRun.parse(Map.of(), "worker", "--config=" + file);
    CoordinatorCommand coordinator = CliRun.parse(Map.of(), "coordinator", "--config=" + file);

    assertThat(worker.maxInFlight).isEqualTo(3);
    assertThat(coordinator.options.commitIntervalMs).isEqualTo(7);
  }

  @Test
  void shouldKeepTheShortAddressFlags() {
    WorkerCommand command =
        CliRun.parse(Map.of(), "worker", "--kafka=k:1", "--registry=http://r", "--redis=redis://x");

    assertThat(command.addresses.requiredKafka().bootstrapServers()).isEqualTo("k:1");
    assertThat(command.addresses.requiredRegistry().baseUrl()).hasToString("http://r/");
    assertThat(command.addresses.requiredRedis()).isEqualTo("redis://x");
  }

  @Test
  void shouldTakeAValueAsWritten() {
    WorkerCommand command =
        CliRun.parse(Map.of("BATON_WORKER_ID", "${sys:user.home}"), "worker", "--share-group=${x}");

    assertThat(command.workerId).isEqualTo("${sys:user.home}");
    assertThat(command.group.shareGroup).isEqualTo("${x}");
  }

  @Test
  void shouldTakeAValueWithDollarsAsWrittenFromEveryPlace() throws IOException {
    Path file = write("share-group=g$${sys:user.home}$\nkafka-bootstrap=$$k:1\n");

    WorkerCommand command =
        CliRun.parse(
            Map.of("BATON_WORKER_ID", "a$$b${env:HOME}$", "BATON_CONFIG", file.toString()),
            "worker",
            "--redis-uri=redis://${x}$$");

    assertThat(command.workerId).isEqualTo("a$$b${env:HOME}$");
    assertThat(command.group.shareGroup).isEqualTo("g$${sys:user.home}$");
    assertThat(command.addresses.requiredKafka().bootstrapServers()).isEqualTo("$$k:1");
    assertThat(command.addresses.requiredRedis()).isEqualTo("redis://${x}$$");
  }

  private Path write(String properties) throws IOException {
    return Files.writeString(dir.resolve("baton.properties"), properties);
  }
}
