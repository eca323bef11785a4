package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.schemas.KafkaConnection;
import dev.baton.schemas.RegistryAuth;
import dev.baton.schemas.SchemaRegistryOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The settings of how a process reaches Kafka and the registry (client configs, credentials): where
 * they come from, what they refuse, and that no message or help shows a secret of theirs. A run
 * that got through would start against unreachable addresses, so the timeout also shows that a bad
 * setting stops the command first.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ClientSecuritySettingsTest {

  private static final String SECRET = "s3cret-42";
  private static final String JAAS =
      "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"coordinator\""
          + " password=\""
          + SECRET
          + "\";";
  private static final String[] ADDRESSES = {
    "--kafka=127.0.0.1:1", "--registry=http://127.0.0.1:1", "--redis=redis://127.0.0.1:1"
  };

  @TempDir Path dir;

  @Test
  void shouldGiveTheFilesConfigsAndTheSingleOnesOverThemToTheKafkaConnection() throws IOException {
    Path file =
        properties(
            "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\nlinger.ms=5\n"
                + "sasl.jaas.config="
                + JAAS.replace("\"", "\\\"")
                + "\n");

    KafkaConnection kafka =
        kafka(
            Map.of(),
            "--kafka-properties=" + file,
            "--kafka-property=linger.ms=20",
            "--kafka-property",
            "ssl.endpoint.identification.algorithm=");

    assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:1");
    assertThat(kafka.properties())
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("sasl.jaas.config", JAAS)
        .containsEntry("linger.ms", "20")
        .containsEntry("ssl.endpoint.identification.algorithm", "");
  }

  @Test
  void shouldTakeTheConfigsFromTheEnvironment() throws IOException {
    Path file = properties("security.protocol=SSL\n");

    KafkaConnection kafka =
        kafka(
            Map.of(
                "BATON_KAFKA_PROPERTIES",
                file.toString(),
                "BATON_KAFKA_PROPERTY",
                "ssl.truststore.location=/etc/baton/truststore.p12"));

    assertThat(kafka.properties())
        .containsEntry("security.protocol", "SSL")
        .containsEntry("ssl.truststore.location", "/etc/baton/truststore.p12");
  }

  @Test
  void shouldRefuseAConfigBatonSetsItselfNamingKeyAndValue() {
    CliRun run = coordinator(Map.of(), "--kafka-property=bootstrap.servers=other:9092");

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err())
        .startsWith(
            "baton coordinator: --kafka-property=bootstrap.servers=other:9092 (flag) is invalid:"
                + " must be KEY=VALUE with a config Baton does not set itself");
  }

  @Test
  void shouldRefuseAFileWithAMisspeltKeyNamingFileAndKey() throws IOException {
    Path file = properties("security.protocol=SASL_SSL\nsasl.mechansim=PLAIN\n");

    CliRun run = coordinator(Map.of("BATON_KAFKA_PROPERTIES", file.toString()));

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err())
        .startsWith("baton coordinator: BATON_KAFKA_PROPERTIES=" + file + " (environment)")
        .contains("its sasl.mechansim=PLAIN must be a Kafka producer, consumer or admin client");
  }

  @Test
  void shouldRefuseABadValueWithoutShowingTheSecretsBesideIt() {
    CliRun run =
        coordinator(
            Map.of(),
            "--kafka-property=sasl.jaas.config=ScramLoginModule password=\"" + SECRET + "\"");

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err()).contains("--kafka-property=sasl.jaas.config=").doesNotContain(SECRET);
  }

  @Test
  void shouldSendTheRegistryCredentialsOfAFlagOrTheUrl() {
    assertThat(registry(Map.of(), "--registry-basic-auth=baton:" + SECRET).auth())
        .isEqualTo(RegistryAuth.basic("baton", SECRET));
    assertThat(registry(Map.of("BATON_REGISTRY_BEARER_TOKEN", SECRET)).auth())
        .isEqualTo(RegistryAuth.bearer(SECRET));
    CoordinatorCommand command =
        CliRun.parse(
            Map.of(),
            "coordinator",
            "--kafka=127.0.0.1:1",
            "--redis=redis://127.0.0.1:1",
            "--registry=https://baton:" + SECRET + "@registry:8081/apis/ccompat/v7");
    SchemaRegistryOptions fromUrl = command.addresses.requiredRegistry();
    assertThat(fromUrl.auth()).isEqualTo(RegistryAuth.basic("baton", SECRET));
    assertThat(fromUrl.baseUrl().toString()).isEqualTo("https://registry:8081/apis/ccompat/v7/");
  }

  @Test
  void shouldRefuseRegistryCredentialsGivenTwiceWithoutShowingThem() {
    CliRun both =
        coordinator(
            Map.of("BATON_REGISTRY_BEARER_TOKEN", SECRET), "--registry-basic-auth=baton:" + SECRET);
    CliRun flagAndUrl =
        CliRun.execute(
            Map.of(),
            "coordinator",
            "--kafka=127.0.0.1:1",
            "--redis=redis://127.0.0.1:1",
            "--registry=https://baton:" + SECRET + "@registry:8081",
            "--registry-basic-auth=baton:" + SECRET);

    assertThat(both.err())
        .contains("BATON_REGISTRY_BEARER_TOKEN=*** (environment) does not fit with")
        .contains("--registry-basic-auth=baton:*** (flag)")
        .doesNotContain(SECRET);
    assertThat(flagAndUrl.err())
        .contains("--registry-url=https://baton:***@registry:8081 (flag)")
        .doesNotContain(SECRET);
  }

  @Test
  void shouldShowNoSecretInTheHelp() {
    CliRun help =
        CliRun.execute(
            Map.of(
                "BATON_REGISTRY_BEARER_TOKEN",
                SECRET,
                "BATON_KAFKA_PROPERTY",
                "sasl.jaas.config=" + JAAS),
            "coordinator",
            "--help");

    assertThat(help.out())
        .contains("--kafka-properties=FILE", "--registry-basic-auth", "BATON_KAFKA_PROPERTY")
        .doesNotContain(SECRET);
  }

  @Test
  void shouldShowNoValueOfAMisspeltFlag() {
    CliRun joined = coordinator(Map.of(), "--registry-bearer-tokn=" + SECRET);
    CliRun separate = coordinator(Map.of(), "--registry-bearer-tokn", SECRET);

    assertThat(joined.exitCode()).isNotZero();
    assertThat(joined.err())
        .contains("--registry-bearer-tokn=***", "--registry-bearer-token")
        .doesNotContain(SECRET);
    assertThat(separate.err()).contains("--registry-bearer-tokn").doesNotContain(SECRET);
  }

  @Test
  void shouldRefuseKafkaClientConfigsForTheEmbeddedBroker() {
    CliRun run = CliRun.execute(Map.of(), "dev", "--kafka-property=security.protocol=SSL");

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err())
        .contains("--kafka-property=security.protocol=SSL (flag) does not fit with")
        .contains("the embedded broker is plaintext");
  }

  private KafkaConnection kafka(Map<String, String> env, String... options) {
    WorkerCommand command = CliRun.parse(env, args("worker", options));
    return command.addresses.requiredKafka();
  }

  private SchemaRegistryOptions registry(Map<String, String> env, String... options) {
    CoordinatorCommand command = CliRun.parse(env, args("coordinator", options));
    return command.addresses.requiredRegistry();
  }

  private static CliRun coordinator(Map<String, String> env, String... options) {
    return CliRun.execute(env, args("coordinator", options));
  }

  private static String[] args(String command, String... options) {
    String[] args = new String[1 + ADDRESSES.length + options.length];
    args[0] = command;
    System.arraycopy(ADDRESSES, 0, args, 1, ADDRESSES.length);
    System.arraycopy(options, 0, args, 1 + ADDRESSES.length, options.length);
    return args;
  }

  private Path properties(String text) throws IOException {
    return Files.writeString(dir.resolve("kafka.properties"), text);
  }
}
