package dev.baton.coordinator.cli;

import dev.baton.coordinator.CoordinatorConfig;
import dev.baton.coordinator.ProcessingMode;
import dev.baton.coordinator.session.OperationClass;
import dev.baton.coordinator.topology.TopologyOptions;
import dev.baton.schemas.TopicLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The settings of a coordinator instance, shared by {@code dev} and {@code coordinator}. */
final class CoordinatorOptions {

  @Option(
      names = "--http-host",
      defaultValue = "${env:BATON_HTTP_HOST:-127.0.0.1}",
      description =
          "Address the HTTP API binds to (env BATON_HTTP_HOST). Default: ${DEFAULT-VALUE}")
  String httpHost;

  @Option(
      names = "--http-port",
      defaultValue = "${env:BATON_HTTP_PORT:-8080}",
      description =
          "HTTP API port, 0 for any free port (env BATON_HTTP_PORT). Default: ${DEFAULT-VALUE}")
  int httpPort;

  @Option(
      names = "--advertised-host",
      defaultValue = "${env:BATON_ADVERTISED_HOST}",
      description =
          "Host the other coordinators reach this one's HTTP API at (env BATON_ADVERTISED_HOST)."
              + " Default: the --http-host, or this machine's host name if that is 0.0.0.0")
  String advertisedHost;

  @Option(
      names = "--processing",
      defaultValue = "${env:BATON_PROCESSING:-exactly_once}",
      description =
          "exactly_once or at_least_once (env BATON_PROCESSING). Default: ${DEFAULT-VALUE}")
  ProcessingMode processing;

  @Option(
      names = "--commit-interval-ms",
      defaultValue = "${env:BATON_COMMIT_INTERVAL_MS:-5}",
      description =
          "Kafka Streams commit interval in ms; under exactly-once it bounds turn latency"
              + " (env BATON_COMMIT_INTERVAL_MS). Default: ${DEFAULT-VALUE}")
  long commitIntervalMs;

  @Option(
      names = "--producer-linger-ms",
      defaultValue = "${env:BATON_PRODUCER_LINGER_MS:-0}",
      description =
          "linger.ms of the coordinator's producers (env BATON_PRODUCER_LINGER_MS)."
              + " Default: ${DEFAULT-VALUE}")
  long producerLingerMs;

  @Option(
      names = "--operation-class",
      split = ",",
      defaultValue = "${env:BATON_OPERATION_CLASSES}",
      paramLabel = "TOOL=READ|WRITE",
      description =
          "A tool's operation class, overriding the worker's declaration and the name prefix;"
              + " repeatable or comma-separated (env BATON_OPERATION_CLASSES).")
  Map<String, OperationClass> operationClasses;

  @Option(
      names = "--application-id",
      defaultValue = "${env:BATON_APPLICATION_ID:-baton-coordinator}",
      description =
          "Kafka Streams application id, shared by all coordinators of one fleet"
              + " (env BATON_APPLICATION_ID). Default: ${DEFAULT-VALUE}")
  String applicationId;

  @Option(
      names = "--partitions",
      defaultValue = "${env:BATON_PARTITIONS:-12}",
      description = "Partitions of every topic (env BATON_PARTITIONS). Default: ${DEFAULT-VALUE}")
  int partitions;

  @Option(
      names = "--state-dir",
      defaultValue = "${env:BATON_STATE_DIR}",
      description =
          "Kafka Streams state directory (env BATON_STATE_DIR). Default: baton-streams under the"
              + " system temp directory; baton dev uses a fresh one per run.")
  Path stateDir;

  @Mixin TopicPrefixOption prefix;

  TopicLayout topicLayout() {
    return TopicLayout.of(prefix.topicPrefix, applicationId, partitions);
  }

  /**
   * Checks these settings before anything starts, so that a bad value stops the command at once
   * rather than after the stack is up. The addresses are checked where they are known.
   */
  void validate() {
    configBuilder()
        .kafkaBootstrap("unchecked")
        .registryUrl("unchecked")
        .redisUri("unchecked")
        .build();
  }

  CoordinatorConfig.Builder configBuilder() {
    CoordinatorConfig.Builder builder = CoordinatorConfig.builder();
    if (stateDir != null) {
      builder.stateDir(stateDir);
    }
    if (advertisedHost != null) {
      builder.advertisedHost(advertisedHost);
    }
    if (operationClasses != null) {
      builder.topology(TopologyOptions.builder().operationClasses(operationClasses).build());
    }
    return builder
        .topics(topicLayout())
        .httpHost(httpHost)
        .httpPort(httpPort)
        .processingMode(processing)
        .commitInterval(Duration.ofMillis(commitIntervalMs))
        .producerLinger(Duration.ofMillis(producerLingerMs));
  }
}
